import { describe, expect, it } from 'vitest';
import { isExternalWebUrl, isPermissionAllowed } from './window-policy.js';

describe('window policy', () => {
  it('hands only http(s) links to the system browser', () => {
    expect(isExternalWebUrl('https://opentelemetry.io/docs/')).toBe(true);
    expect(isExternalWebUrl('http://localhost:16686/trace/1')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://casefile/', 'smb://host/share', '']) {
      expect(isExternalWebUrl(url)).toBe(false);
    }
  });

  it('allows the app to write the clipboard and refuses everything else', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://casefile/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(isPermissionAllowed(permission, 'app://casefile/index.html')).toBe(false);
    }
  });
});
