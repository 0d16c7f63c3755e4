import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AppUpdateState } from './app-update';
import { UpdateNotice } from './UpdateNotice';

const quiet: AppUpdateState = { offlineReady: false, updateReady: false, reloading: false, error: null };
const render = (change: Partial<AppUpdateState>) =>
  renderToStaticMarkup(
    <UpdateNotice state={{ ...quiet, ...change }} onReload={() => undefined} onDismissOfflineReady={() => undefined} />,
  );

describe('UpdateNotice', () => {
  it('shows nothing while there is nothing to say', () => {
    expect(render({})).toBe('');
  });

  it('offers Reload when a new version waits', () => {
    expect(render({ updateReady: true })).toMatchSnapshot();
  });

  it('disables Reload while the new version takes over', () => {
    expect(render({ updateReady: true, reloading: true })).toContain('disabled="">Reloading…</button>');
  });

  it('says once that the app now works offline, and can be dismissed', () => {
    expect(render({ offlineReady: true })).toMatchSnapshot();
  });

  it('shows a failed takeover as an alert, with a second try', () => {
    expect(render({ updateReady: true, error: 'The new version could not take over.' })).toMatchSnapshot();
  });
});
