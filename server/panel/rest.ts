// The documented REST subset of the panel contract, for scripts (README "Panel REST API"):
//   POST   /api/accounts {email,password,displayName}              201 | 400 | 409
//   GET    /api/accounts                                            200   (?limit=&offset=&search=: {total, offset, accounts}, Link, X-Total-Count)
//   GET    /api/accounts/{email}                                    200 | 404
//   PATCH  /api/accounts/{email} {displayName, password}            200 | 400 | 404 | 409
//   DELETE /api/accounts/{email}                                    200 | 404
//   PUT    /api/accounts/{email}/old-messengers {allow, password}   200 | 403 | 404   (MSN 1.0–4.7 sign-in)
//   GET    /api/accounts/{email}/contacts                           200 | 404   (?limit=&offset=&search=: {total, offset, contacts}, Link, X-Total-Count)
//   GET    /api/accounts/{email}/contacts/{contact}                 200 | 404   (one contact as the owner sees it)
//   GET    /api/accounts/{email}/groups                             200 | 404
//   POST   /api/accounts/{email}/contacts {email, mutual}           201 | 400 | 404
//   DELETE /api/accounts/{email}/contacts/{contact}                 200 | 404
//   PUT    /api/accounts/{email}/contacts/{contact} {blocked}       200 | 400 | 404 | 409   (block or unblock)
//   PUT    /api/accounts/{email}/presence {status,psm,displayName}  200 | 400 | 404 | 409
//   POST   /api/accounts/{email}/conversations {to, text}           201 | 400 | 404 | 409   (rings `to`, then says text)
//   GET /api/sessions    DELETE /api/sessions/{id}    GET /api/traffic?limit=N    GET /api/status
//   GET    /api/traffic/pcapng?conn=                                200   ({name, base64}: a capture for Wireshark)
//   GET    /api/conversations                                       200   (with panel-driven contacts, newest first)
//   GET    /api/conversations/{id}                                  200 | 404
//   POST   /api/conversations/{id}/messages {text, from}            201 | 400 | 404 | 409   (typing, then the text)
//   PUT    /api/accounts/{email}/echo {on}                          200 | 400 | 404
//   GET    /api/echo                                                200   (addresses in echo mode)
//   GET    /api/setup/{family}                                      200 | 400   (a client family's guide with its downloads)
//   POST   /api/setup/mac-plist?family=&target=   (the file as body) 200 | 400 | 413
//   POST   /api/setup/mac-binary?target=&name=    (the file as body) 200 | 400 | 413
//   GET    /api/dns    PUT /api/dns {enabled, isolated}             200 | 400 | 409   (DNS mode)
//   GET    /api/connection-check    DELETE /api/connection-check    200   (how far each client got)
//   PUT    /api/accounts/{email}/picture   (PNG/JPEG/GIF as body)    200 | 400 | 404 | 413   (kept as 96×96 PNG)
//   GET    /api/accounts/{email}/picture   DELETE the same           200 | 404
import { PanelError } from './contract';
import { pageBounds, type PanelHandlers } from './handlers';
import { decodePathPart } from './decode-path';
import { pageHeaders } from './page-links';

const num = (q: URLSearchParams, k: string) => (q.has(k) ? Number(q.get(k)) : undefined);

export async function routeRest(
  h: PanelHandlers,
  method: string,
  url: URL,
  body: Record<string, unknown>,
): Promise<{ status: number; result: unknown; headers?: Record<string, string> }> {
  const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodePathPart); // drop "api"
  const route = `${method} /${parts.map((p, i) => (i % 2 === 1 ? ':' : p)).join('/')}`;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  switch (route) {
    case 'GET /status':
      return { status: 200, result: await h.getStatus({}) };
    case 'GET /accounts': {
      const q = url.searchParams;
      if (!q.has('limit') && !q.has('offset') && !q.has('search')) return { status: 200, result: await h.listAccounts({}) };
      const req = { ...pageBounds({ limit: num(q, 'limit'), offset: num(q, 'offset') }), search: q.get('search') ?? undefined };
      const page = await h.listAccountsPage(req);
      return { status: 200, result: page, headers: pageHeaders(url, { ...req, total: page.total }) };
    }
    case 'GET /accounts/:':
      return { status: 200, result: await h.getAccount({ email: parts[1]! }) };
    case 'POST /accounts':
      return {
        status: 201,
        result: await h.createAccount({
          email: str(body.email)!,
          password: str(body.password)!,
          displayName: str(body.displayName),
        }),
      };
    case 'PATCH /accounts/:':
      return {
        status: 200,
        result: await h.updateAccount({ email: parts[1]!, displayName: str(body.displayName), password: str(body.password) }),
      };
    case 'PUT /accounts/:/old-messengers':
      return {
        status: 200,
        result: await h.setOldMessengers({ email: parts[1]!, allow: body.allow === true, password: str(body.password) }),
      };
    case 'DELETE /accounts/:':
      return { status: 200, result: await h.deleteAccount({ email: parts[1]! }) };
    case 'GET /accounts/:/contacts': {
      const q = url.searchParams;
      if (!q.has('limit') && !q.has('offset') && !q.has('search')) return { status: 200, result: await h.listContacts({ email: parts[1]! }) };
      const req = { ...pageBounds({ limit: num(q, 'limit'), offset: num(q, 'offset') }), search: q.get('search') ?? undefined };
      const page = await h.listContactsPage({ email: parts[1]!, ...req });
      return { status: 200, result: page, headers: pageHeaders(url, { ...req, total: page.total }) };
    }
    case 'GET /accounts/:/contacts/:':
      return { status: 200, result: await h.getContact({ owner: parts[1]!, email: parts[3]! }) };
    case 'GET /accounts/:/groups':
      return { status: 200, result: await h.listGroups({ email: parts[1]! }) };
    case 'DELETE /accounts/:/contacts/:':
      return { status: 200, result: await h.removeContact({ owner: parts[1]!, email: parts[3]! }) };
    case 'POST /accounts/:/contacts':
      if (!str(body.email)) throw new PanelError(400, 'Send {"email": "...", "mutual": true|false}.');
      return {
        status: 201,
        result: await h.addContact({ owner: parts[1]!, email: str(body.email)!, mutual: body.mutual === true }),
      };
    case 'PUT /accounts/:/contacts/:':
      return { status: 200, result: await h.setBlocked({ owner: parts[1]!, email: parts[3]!, blocked: body.blocked as boolean }) };
    case 'POST /accounts/:/conversations':
      return { status: 201, result: await h.startConversation({ from: parts[1]!, to: str(body.to)!, text: str(body.text)! }) };
    case 'PUT /accounts/:/presence':
      return {
        status: 200,
        result: await h.setPresence({
          email: parts[1]!,
          status: str(body.status) as never,
          psm: str(body.psm),
          displayName: str(body.displayName),
        }),
      };
    case 'GET /sessions':
      return { status: 200, result: await h.listSessions({}) };
    case 'DELETE /sessions/:':
      return { status: 200, result: await h.kickSession({ id: parts[1]! }) };
    case 'GET /traffic':
      return { status: 200, result: await h.getTraffic({ limit: Number(url.searchParams.get('limit') ?? 500) }) };
    case 'GET /traffic/pcapng':
      return { status: 200, result: await h.getTrafficCapture({ conn: url.searchParams.get('conn') ?? undefined }) };
    case 'GET /conversations':
      return { status: 200, result: await h.listConversations({}) };
    case 'GET /conversations/:':
      return { status: 200, result: await h.getConversation({ id: parts[1]! }) };
    case 'POST /conversations/:/messages':
      return {
        status: 201,
        result: await h.sendAsContact({ conversationId: parts[1]!, text: str(body.text)!, from: str(body.from) }),
      };
    case 'PUT /accounts/:/echo':
      return { status: 200, result: await h.setEchoMode({ email: parts[1]!, on: body.on as boolean }) };
    case 'GET /echo':
      return { status: 200, result: await h.listEchoModes({}) };
    case 'GET /setup/:':
      return { status: 200, result: await h.getClientSetup({ family: parts[1] as never }) };
    case 'POST /setup/:': {
      // The body was read raw (panel-server.ts) and handed over as base64, like the UI sends it.
      const q = url.searchParams;
      const target = q.get('target') ?? undefined;
      if (parts[1] === 'mac-plist') {
        return { status: 200, result: await h.inspectMacPlist({ base64: str(body.base64)!, family: (q.get('family') ?? undefined) as never, target }) };
      }
      if (parts[1] === 'mac-binary') {
        return { status: 200, result: await h.patchMacBinary({ base64: str(body.base64)!, name: q.get('name') ?? 'Microsoft Messenger', target }) };
      }
      throw new PanelError(404, `No API route ${method} ${url.pathname}.`);
    }
    case 'GET /dns':
      return { status: 200, result: (await h.getStatus({})).dns };
    case 'PUT /dns':
      return { status: 200, result: await h.setDnsMode({ enabled: body.enabled as boolean, isolated: body.isolated as boolean | undefined }) };
    case 'GET /connection-check':
      return { status: 200, result: await h.getClientProgress({}) };
    case 'PUT /accounts/:/picture':
      // The body was read raw (panel-server.ts) and handed over as base64, like the UI sends it.
      return { status: 200, result: await h.setPicture({ email: parts[1]!, base64: str(body.base64)! }) };
    case 'GET /accounts/:/picture':
      return { status: 200, result: await h.getPicture({ email: parts[1]! }) };
    case 'DELETE /accounts/:/picture':
      return { status: 200, result: await h.removePicture({ email: parts[1]! }) };
    case 'DELETE /connection-check':
      return { status: 200, result: await h.resetClientProgress({}) };
    case 'GET /history':
      return { status: 200, result: await h.listHistory({ query: url.searchParams.get('q') ?? undefined }) };
    case 'GET /history/:':
      return { status: 200, result: await h.getHistory({ id: parts[1]! }) };
    case 'GET /history/:/text':
      return { status: 200, result: await h.exportHistory({ id: parts[1]! }) };
    case 'GET /history-retention':
      return { status: 200, result: await h.getHistoryRetention({}) };
    case 'PUT /history-retention':
      return { status: 200, result: await h.setHistoryRetention({ days: body.days as number }) };
    case 'POST /offline-messages':
      return { status: 201, result: await h.leaveOfflineMessage({ from: str(body.from)!, to: str(body.to)!, text: str(body.text)! }) };
    default:
      throw new PanelError(404, `No API route ${method} ${url.pathname}.`);
  }
}
