// A scripted client chats with a demo contact; the panel shows the conversation as it happens and
// the operator answers as that contact, which the client receives as the contact's message.
import { test, expect, snapshot } from './server-fixture';
import { signInMac } from '../server/test-support/mac-client';
import { openSwitchboard, textPayload } from '../server/test-support/sb-client';

test('a chat with a panel-driven contact appears live and is answered from the panel', async ({ page, demoServer }) => {
  await page.goto(demoServer.ready.panelUrl);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Conversations' }).click();
  await expect(page.getByText('No conversations yet')).toBeVisible();

  const me = await signInMac({ nsPort: demoServer.ready.ns, httpPort: demoServer.ready.http, email: 'me@local', password: 'butterfly' });
  const { sb } = await openSwitchboard(me, { handle: 'me@local' });
  try {
    sb.send('CAL 2 online@local');
    await sb.until('JOI online@local');
    sb.sendPayload('MSG 3 A', textPayload('Hello from the Mac'));
    await sb.until('ACK 3');

    const conversation = page.getByRole('region', { name: 'Conversation', exact: true });
    await expect(conversation.getByRole('log', { name: 'Messages' })).toContainText('Me says:');
    await expect(conversation.getByRole('log', { name: 'Messages' })).toContainText('Hello from the Mac');

    await conversation.getByRole('textbox', { name: 'Message as Online User' }).fill('Hi Mac, this is the panel');
    await conversation.getByRole('textbox', { name: 'Message as Online User' }).press('Enter');
    let msg = await sb.until('MSG online@local');
    while (!msg.payload?.includes('Hi Mac, this is the panel')) msg = await sb.until('MSG online@local');
    await expect(conversation.getByRole('log', { name: 'Messages' })).toContainText('Online User says:');
    await snapshot(page, 'conversations-live');

    sb.send('OUT');
    await expect(page.getByRole('complementary', { name: 'Conversation list' })).toContainText('Ended');
  } finally {
    sb.close();
    me.close();
  }
});
