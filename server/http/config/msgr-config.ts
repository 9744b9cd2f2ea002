// MsgrConfig: the client configuration MSN 6+ and WLM fetch at sign-in (fact sheet §5.7), one
// document per client generation, every URL in it pointing at this server.
//   MSN 6-7.5:  POST /Config/MsgrConfig.asmx  SOAPAction: http://www.msn.com/webservices/Messenger/Client/GetClientConfig
//               -> <GetClientConfigResponse><GetClientConfigResult><![CDATA[<MsgrConfig>…]]></GetClientConfigResult>
//   WLM 8.x:    GET /Config/MsgrConfig.asmx?op=GetClientConfig&Country=US&CLCID=0409&PLCID=0409&GeoID=244&ver=8.5.1302
//   WLM 2009:   the same with ver=14.0.8089           -> a bare <MsgrConfig> document
// The generation comes from ver= (ESC handle_msgrconfig chooses the same way). No Passport: anyone may
// ask (NINA-G msgrconfig.md). MSN retries and hides its "MSN Today" button when this fails (ESC notes),
// so an unreadable ver gets a plain 400 naming the problem instead of an empty 200.
import type { HttpExchange } from '../exchange';
import { xmlEscape } from '../soap/envelope';

export const MSGR_CONFIG_PATH = '/config/msgrconfig.asmx';

type Generation = 'msn' | 'wlm8' | 'wlm14';

/** ver=8.5.1302 -> wlm8; 14.x -> wlm14; a SOAP POST without ver -> msn (MSN 6-7.5). */
export function generationOf(ver: string | null, isSoapPost: boolean): Generation | 'invalid' {
  if (!ver) return isSoapPost ? 'msn' : 'wlm8';
  const m = /^(\d{1,2})(\.\d{1,5}){0,3}$/.exec(ver.trim());
  if (!m) return 'invalid';
  const major = Number(m[1]);
  return major >= 14 ? 'wlm14' : major >= 8 ? 'wlm8' : 'msn';
}

/** The document itself; `abchUrl` is this server's address book. */
export function msgrConfigDocument(gen: Generation, host: string, abchUrl: string): string {
  const simple =
    '<Simple>' +
    '<Config><ExpiresInDays>0</ExpiresInDays></Config>' +
    // No phone calls through Microsoft's relay: it is gone, and a LAN needs none.
    '<DisablePhoneDialer>1</DisablePhoneDialer>' +
    '<Relay><Enabled>0</Enabled><MaxCallLength>0</MaxCallLength></Relay>' +
    `<TrustedDomains><domain name="${xmlEscape(host)}"/></TrustedDomains>` +
    '</Simple>';
  // No tabs: MSN Today and the tab strip pointed at web services that no longer exist.
  const tabs = '<TabConfig><msntabdata></msntabdata><msntabsettings><oemdisplaylimit>0</oemdisplaylimit><oemtotallimit>0</oemtotallimit></msntabsettings></TabConfig>';
  const abch = `<AbchCfg><abchconfig><url>${xmlEscape(abchUrl)}</url></abchconfig></AbchCfg>`;
  // WLM 2009 reads its market from LocalizedConfig; nothing in it is needed on a LAN.
  const localized = gen === 'wlm14' ? '<LocalizedConfig Market="en-US"></LocalizedConfig>' : '';
  return `<MsgrConfig>${simple}${tabs}${abch}${localized}</MsgrConfig>`;
}

export function handleMsgrConfig(ex: HttpExchange): void {
  const isSoapPost = ex.method === 'POST' && ex.body.includes('GetClientConfig');
  const gen = generationOf(ex.query.get('ver'), isSoapPost);
  if (gen === 'invalid') {
    ex.note(`MsgrConfig asked with ver=${ex.query.get('ver')?.slice(0, 40)}: not a version number`);
    ex.reply(400, [['Content-Type', 'text/plain; charset=utf-8']], 'ver= must be a client version such as 8.5.1302.\n');
    return;
  }
  const u = ex.urls;
  const abchUrl = `https://${u.host}${u.httpsPort === 443 ? '' : `:${u.httpsPort}`}/abservice/abservice.asmx`;
  const doc = msgrConfigDocument(gen, u.host, abchUrl);
  const xml =
    gen === 'msn'
      ? '<?xml version="1.0" encoding="utf-8"?>' +
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
        '<soap:Body><GetClientConfigResponse xmlns="http://www.msn.com/webservices/Messenger/Client">' +
        `<GetClientConfigResult><![CDATA[${doc}]]></GetClientConfigResult>` +
        '</GetClientConfigResponse></soap:Body></soap:Envelope>'
      : `<?xml version="1.0" encoding="utf-8"?>${doc}`;
  ex.reply(200, [['Content-Type', 'text/xml; charset=utf-8']], xml);
}
