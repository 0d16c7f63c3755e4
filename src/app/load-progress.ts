import type { LoadProgress } from '../embedding/types';

export interface FileProgress {
  loaded: number;
  total: number;
  done: boolean;
}

export type FilesProgress = Record<string, FileProgress>;

/** Folds transformers.js loading events into per-file byte counts. */
export function foldLoadProgress(files: FilesProgress, event: LoadProgress): FilesProgress {
  if (event.status === 'ready') return files;
  const previous = files[event.file] ?? { loaded: 0, total: 0, done: false };
  switch (event.status) {
    case 'initiate':
    case 'download':
      return { ...files, [event.file]: previous };
    case 'progress':
      return { ...files, [event.file]: { loaded: event.loaded, total: event.total, done: false } };
    case 'done':
      return { ...files, [event.file]: { ...previous, loaded: Math.max(previous.loaded, previous.total), done: true } };
  }
}

/** Share of the model's bytes loaded so far, 0..1 (files of unknown size count once they are done). */
export function loadedFraction(files: FilesProgress): number {
  const entries = Object.values(files);
  if (entries.length === 0) return 0;
  const total = entries.reduce((sum, file) => sum + file.total, 0);
  if (total === 0) return entries.filter((file) => file.done).length / entries.length;
  return entries.reduce((sum, file) => sum + (file.done ? file.total : file.loaded), 0) / total;
}
