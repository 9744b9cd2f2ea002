// Which URLs the panel window may navigate to: only the panel's own origin.
export function isAllowedNavigation(url: string, panelUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(panelUrl).origin;
  } catch {
    return false;
  }
}
