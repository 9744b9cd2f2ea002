// Types of the client-setup part of the panel contract (contract.ts): per-client guides with
// their downloads, the Mac plist and hex-patch tools, DNS mode and the connection check.
// Type-only imports and plain constants: the renderer and the preload import this too.
import type { InstallOs } from '../tls/ca-export';
import type { DnsStatus } from '../dns/dns-server';
import type { CheckStepId, ClientProgress } from '../setup/connection-check';

export type { DnsStatus, CheckStepId, ClientProgress };

export type ClientFamilyId = 'mac-6-7' | 'mac-8' | 'msn-1-4' | 'msn-5-6' | 'msn-7' | 'wlm';
export const CLIENT_FAMILY_IDS: readonly ClientFamilyId[] = ['mac-6-7', 'mac-8', 'msn-1-4', 'msn-5-6', 'msn-7', 'wlm'];

/** A file made in memory for the person to save; never written to disk by Butterfly. */
export interface DownloadFile {
  name: string;
  mime: string;
  base64: string;
}

/** Largest files the tools read (decoded size). The page checks before reading a file at all. */
export const UPLOAD_LIMITS = {
  plist: 4 * 1024 * 1024,
  binary: 64 * 1024 * 1024,
} as const;

const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;

/** Why a file over its limit is refused; the page says it before reading, the server before decoding. */
export function tooLarge(kind: keyof typeof UPLOAD_LIMITS, size: number): string {
  return kind === 'binary'
    ? `This file is ${mb(size)}; Butterfly reads programs up to ${mb(UPLOAD_LIMITS.binary)}, and Messenger for Mac's is far smaller. ` +
        'Drop the single file Microsoft Messenger.app/Contents/MacOS/Microsoft Messenger, not the app, a disk image or an archive. Nothing was read or written.'
    : `This file is ${mb(size)}; a Messenger preferences file is a few kilobytes (Butterfly reads up to ${mb(UPLOAD_LIMITS.plist)}). ` +
        'Drop com.microsoft.Messenger.plist from the folder named above. Nothing was read or written.';
}

/** The length of `bytes` bytes in base64, to check a request before decoding it. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

export interface ClientFamilyInfo {
  id: ClientFamilyId;
  label: string;
  /** "6.0.3, 7.0.2" */
  versions: string;
  os: 'macos' | 'windows';
  /** How it signs in, for people: "MSNP13–14, Passport 1.4 (nexus, login2.srf)". */
  protocol: string;
  notes: string[];
}

export interface ClientSetupGuide {
  family: ClientFamilyInfo;
  /** The LAN address the client must reach. */
  address: string;
  ports: { ns: number; http: number; https: number };
  /** What a port other than the client's own does (the client cannot be told another port for everything). */
  portWarnings: string[];
  dns: { status: DnsStatus; steps: string[] };
  hosts: { names: string[]; file: DownloadFile; path: string; steps: string[]; undo: string[] };
  certificates: { os: InstallOs; label: string; file: DownloadFile; steps: string[] }[];
  /** Windows: the cached server and contact list in the registry (MSN 1.0–4.7: the server to use). */
  registry?: { file: DownloadFile; steps: string[]; title?: string; intro?: string };
  /** Mac: where the cached-servers plist lives, and what to do without one. */
  plist?: { path: string; withoutFile: string[] };
  /** The order in which the client reaches each step, for the connection check. */
  check: { id: CheckStepId; label: string; note?: string }[];
}

export interface PlistServerValue {
  /** Keys (and array indexes) from the top: ["NS Server"], ["Servers", "0"]. */
  keyPath: string[];
  old: string;
  new: string;
}

export interface PlistInspection {
  format: 'xml' | 'binary';
  values: PlistServerValue[];
  /** The same plist with only those values changed; absent when nothing names a Microsoft server. */
  fixed?: DownloadFile;
  /** Terminal commands that make the same change by hand. */
  commands: string[];
  /** Steps to put the fixed file in place. */
  install: string[];
  message: string;
}

export interface HexOccurrenceInfo {
  host: string;
  encoding: 'ascii' | 'utf16le' | 'utf16be';
  offset: number;
  /** The string around it, before and after the patch. */
  before: string;
  after?: string;
  /** Set on the first name of each patched string: the bytes that change. */
  edit?: { offset: number; old: string; new: string };
  refused?: string;
}

export interface HexPatchResult {
  file: { name: string; size: number; sha1: string; kind?: string };
  target: string;
  occurrences: HexOccurrenceInfo[];
  /** Absent when nothing could be patched. */
  patched?: DownloadFile;
  instructions?: DownloadFile;
  warnings: string[];
  message: string;
}
