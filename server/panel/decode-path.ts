// Percent-decoding of panel paths: a broken escape is the caller's mistake (400), never a 500.
//   GET /%E0%A4%A  →  400 {"error": "The address has a broken %-escape …"}
import { PanelError } from './contract';

export function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new PanelError(400, `The address has a broken %-escape (${JSON.stringify(part.slice(0, 60))}); check the link.`);
  }
}
