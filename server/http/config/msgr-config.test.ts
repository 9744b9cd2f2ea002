// MsgrConfig as each client generation asks for it: MSN 6-7.5 over SOAP, WLM 8.5 and 2009 with ?ver=.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../testkit';
import { parseXml, path } from '../../xml/xml';

let srv: TestServer;
before(async () => {
  srv = await startServer({ host: '192.168.1.20', httpPort: 80, httpsPort: 443 });
});
after(() => srv.close());

test('WLM 8.5: GET ?op=GetClientConfig&ver=8.5.1302 -> a bare MsgrConfig whose address book is this server', async () => {
  const res = await srv.request({
    path: '/Config/MsgrConfig.asmx?op=GetClientConfig&Country=US&CLCID=0409&PLCID=0409&GeoID=244&ver=8.5.1302',
    headers: { Host: 'config.messenger.msn.com' },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
  const doc = parseXml(res.body);
  assert.equal(doc.name, 'MsgrConfig');
  assert.equal(path(doc, 'AbchCfg', 'abchconfig', 'url')!.text, 'https://192.168.1.20/abservice/abservice.asmx');
  assert.equal(path(doc, 'Simple', 'Config', 'ExpiresInDays')!.text, '0');
  assert.equal(path(doc, 'LocalizedConfig'), undefined);
});

test('WLM 2009 (ver=14.0.8089) gets the 2009 document (with LocalizedConfig)', async () => {
  const res = await srv.request({ path: '/config/msgrconfig.asmx?op=GetClientConfig&ver=14.0.8089.726', headers: { Host: 'config.messenger.msn.com' } });
  assert.equal(res.status, 200);
  assert.equal(path(parseXml(res.body), 'LocalizedConfig')!.attrs.Market, 'en-US');
});

test('MSN 7.5: SOAP GetClientConfig -> the document in CDATA inside GetClientConfigResult', async () => {
  const res = await srv.request({
    method: 'POST',
    path: '/Config/MsgrConfig.asmx',
    headers: { Host: 'config.messenger.msn.com', 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"http://www.msn.com/webservices/Messenger/Client/GetClientConfig"' },
    body:
      '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
      '<GetClientConfig xmlns="http://www.msn.com/webservices/Messenger/Client"><clientinfo><Country>US</Country><CLCID>0409</CLCID>' +
      '<PLCID>0409</PLCID><GeoID>244</GeoID></clientinfo></GetClientConfig></soap:Body></soap:Envelope>',
  });
  assert.equal(res.status, 200);
  const inner = path(parseXml(res.body), 'Body', 'GetClientConfigResponse', 'GetClientConfigResult')!.text;
  assert.equal(path(parseXml(inner), 'AbchCfg', 'abchconfig', 'url')!.text, 'https://192.168.1.20/abservice/abservice.asmx');
});

test('a ver that is not a version number is a 400 saying so', async () => {
  const res = await srv.request({ path: '/Config/MsgrConfig.asmx?ver=<script>', headers: { Host: 'config.messenger.msn.com' } });
  assert.equal(res.status, 400);
  assert.match(res.body, /ver= must be a client version/);
});
