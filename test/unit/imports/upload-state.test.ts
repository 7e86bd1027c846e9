import { describe, expect, it } from 'vitest';
import { uploadStatus } from '../../../src/imports/upload-state.js';

const job = (state: 'queued' | 'running' | 'done' | 'failed', extra: { progress?: string; error?: string; result?: Record<string, number> } = {}) =>
  ({ state, progress: extra.progress ?? '', error: extra.error ?? null, result: extra.result ?? {} });
const open = { cancelledAt: null };

describe('where an upload stands, from its jobs', () => {
  it('follows reading, preview, storing, checking and the outcome', () => {
    expect(uploadStatus(open, job('running', { progress: 'Reading a.ris' }))).toEqual({ state: 'reading', progress: 'Reading a.ris' });
    expect(uploadStatus(open, job('done')).state).toBe('ready');
    expect(uploadStatus(open, job('done'), job('running', { progress: 'Stored 200 of 900 records' }))).toEqual({ state: 'committing', progress: 'Stored 200 of 900 records' });
    expect(uploadStatus(open, job('done'), job('done')).state).toBe('checking');
    expect(uploadStatus(open, job('done'), job('done'), job('queued')).state).toBe('checking');
    expect(uploadStatus(open, job('done'), job('done'), job('done', { result: { linked: 4, queued: 2, merges: 3 } }))).toEqual({ state: 'committed', progress: '', duplicates: { linked: 4, queued: 2 } });
  });

  it('says what went wrong, and that stored records stay when storing stopped', () => {
    expect(uploadStatus(open, job('failed', { error: 'too long' }))).toEqual({ state: 'failed', progress: '', error: 'too long' });
    expect(uploadStatus(open, job('done'), job('failed', { error: 'disk full' }))).toEqual({ state: 'interrupted', progress: '', error: 'disk full' });
    expect(uploadStatus(open, job('done'), job('done'), job('failed', { error: 'check failed' }))).toEqual({ state: 'committed', progress: '', duplicates: null, error: 'check failed' });
  });

  it('is cancelled only before anything was stored', () => {
    const cancelled = { cancelledAt: '2026-12-07T10:00:00Z' };
    expect(uploadStatus(cancelled, job('done')).state).toBe('cancelled');
    expect(uploadStatus(cancelled, job('done'), job('running')).state).toBe('committing');
  });
});
