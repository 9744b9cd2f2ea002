// Address-book refusals as the SOAP faults the clients switch on (fact sheet §5.2; PAPYON's
// AddressBookError.from_fault, MSNPSharp): the errorcode in <detail> is what they read.
//   <soap:Fault><faultcode>soap:Client</faultcode><faultstring>…</faultstring><detail>
//   <errorcode xmlns="…/AddressBook">ContactAlreadyExists</errorcode><errorstring>…</errorstring>
//   <additionalDetails><conflictObjectId>guid</conflictObjectId></additionalDetails></detail></soap:Fault>
// A full list is RequestLimitReached: the only limit errorcode any source documents for the
// service, and the one PAPYON maps to "limit reached" for ContactAdd (the service had no
// separate list-full code in what survives).
import { AddressBookError, fromCoreError, type AbErrorCode } from '../../core/address-book';
import { CoreError } from '../../core/errors';
import { el, soapFault, type SoapReply } from './envelope';

export const AB_ERRORCODES: Record<AbErrorCode, string> = {
  'invalid-address': 'BadEmailArgument',
  'no-such-account': 'InvalidPassportUser',
  'contact-exists': 'ContactAlreadyExists',
  'no-such-contact': 'ContactDoesNotExist',
  'member-exists': 'MemberAlreadyExists',
  'no-such-member': 'MemberDoesNotExist',
  'group-exists': 'GroupAlreadyExists',
  'no-such-group': 'GroupDoesNotExist',
  'list-full': 'RequestLimitReached',
  'too-many-groups': 'RequestLimitReached',
  'bad-argument': 'BadArgument',
  'name-too-long': 'BadArgumentLength',
  'ab-exists': 'ABAlreadyExists',
};

export function abFault(e: AddressBookError): SoapReply {
  const extra = e.conflictId ? `<additionalDetails>${el('conflictObjectId', e.conflictId)}</additionalDetails>` : '';
  return soapFault('soap:Client', e.message, AB_ERRORCODES[e.code], 500, extra);
}

/** Runs an editing action; a refusal becomes its fault, anything else stays an internal error. */
export function answering(run: () => SoapReply): SoapReply {
  try {
    return run();
  } catch (err) {
    const e = err instanceof CoreError ? fromCoreError(err) : err;
    if (e instanceof AddressBookError) return abFault(e);
    throw e;
  }
}

/** A refusal of the request itself (a missing element, an unknown role). */
export function badRequest(message: string): never {
  throw new AddressBookError('bad-argument', message);
}
