// One contact as the owner sees it (glyph, name, message, lists). A contact no real client is
// signed in as is driven from here: its status from the menu, its name and message from the
// fields under "Edit"; watching clients see each change at once.
import { useState } from 'react';
import type { ContactInfo } from '../../../../server/panel/contract';
import { panel } from '../../api/current';
import { navigate } from '../../state/route';
import { openAccount } from '../../state/live';
import { StatusIcon } from '../../components/StatusIcon';
import { StatusPicker } from '../../components/StatusPicker';
import { TextCommit } from '../../components/TextCommit';
import { ConfirmButton } from '../../components/ConfirmButton';
import { STATUS_NAMES } from '../../status';
import { LIST_MEANING } from './group-contacts';
import { setPresence } from './PresenceEditor';
import { StartChatForm } from './StartChatForm';
import { Avatar } from './DisplayPicture';

/** `ownerDriven`: no client is signed in as the owner, so it can start a chat as a client would. */
export function ContactRow({
  owner,
  ownerDriven,
  contact: c,
  measure,
}: {
  owner: string;
  ownerDriven: boolean;
  contact: ContactInfo;
  /** From the windowed list: the row reports its height. */
  measure?: (el: HTMLElement | null) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [chatting, setChatting] = useState(false);
  const blocked = c.lists.includes('BL');
  const [error, setError] = useState<string>();
  const hiddenFromOwner = c.status !== c.ownStatus;
  const fail = (e: Error) => setError(e.message);
  return (
    <li ref={measure} className="contact" data-contact={c.email} aria-label={c.email}>
      <div className="contact-main">
        <StatusIcon status={c.status} size={20} />
        <Avatar email={c.email} picture={c.picture} />
        <div className="contact-text" title={c.psm ? `${c.displayName} — ${c.psm}` : c.displayName}>
          <div>
            <span className="contact-name">{c.displayName}</span>
            {c.psm && <span className="contact-psm"> — {c.psm}</span>}
          </div>
          <div className="muted small">
            {c.email}
            {hiddenFromOwner && ` · appears ${STATUS_NAMES[c.status]} to ${owner}`}
          </div>
        </div>
        <div className="list-badges">
          {c.lists.map((l) => (
            <span key={l} className={`list-badge ${l}`} title={LIST_MEANING[l]}>
              {l}
            </span>
          ))}
        </div>
        <div className="contact-actions">
          {c.signedIn ? (
            <span className="pill live" title="A Messenger client is signed in as this contact">
              Signed in
            </span>
          ) : (
            <>
              <StatusPicker compact label={`Status of ${c.email}`} value={c.ownStatus} onChange={(status) => setPresence(c.email, { status }).catch(fail)} />
              <button type="button" className="small" aria-expanded={editing} onClick={() => setEditing(!editing)}>
                {editing ? 'Done' : 'Edit'}
              </button>
            </>
          )}
          {ownerDriven && c.signedIn && !blocked && (
            <button type="button" className="small" aria-expanded={chatting} onClick={() => setChatting(!chatting)} title={`Ring ${c.email}'s client and write to it as ${owner}`}>
              Chat
            </button>
          )}
          <button
            type="button"
            className="small"
            title={blocked ? `${c.email} sees ${owner} again` : `${c.email} sees ${owner} offline and cannot write to it`}
            onClick={() => {
              setError(undefined);
              void panel().call('setBlocked', { owner, email: c.email, blocked: !blocked }).catch(fail);
            }}
          >
            {blocked ? 'Unblock' : 'Block'}
          </button>
          <button type="button" className="small" onClick={() => void openAccount(c.email, () => navigate({ page: 'accounts', param: c.email }))} title="Open this contact's account">
            Open
          </button>
          {c.lists.some((l) => l === 'FL' || l === 'AL' || l === 'BL') && (
            <ConfirmButton
              className="small danger"
              label="Remove"
              confirm="Remove?"
              title={`Take ${c.email} off ${owner}'s lists`}
              onConfirm={() => void panel().call('removeContact', { owner, email: c.email }).catch(fail)}
            />
          )}
        </div>
      </div>
      {editing && !c.signedIn && (
        <div className="contact-edit">
          <TextCommit label="Friendly name" value={c.displayName} onCommit={(displayName) => setPresence(c.email, { displayName })} />
          <TextCommit label="Personal message" value={c.psm} placeholder="Share a quick message" onCommit={(psm) => setPresence(c.email, { psm })} />
        </div>
      )}
      {chatting && ownerDriven && <StartChatForm from={owner} to={c.email} onDone={() => setChatting(false)} />}
      {error && <p className="field-error">{error}</p>}
    </li>
  );
}
