import { describe, expect, it } from 'vitest';
import { normaliseHubUrl } from '../../embedding/model-downloads';
import { DEFAULT_HUB_URL } from '../../embedding/types';
import {
  formatBytes,
  offlineChoice,
  readModelChoice,
  saveModelChoice,
  startupModel,
  type ChoiceStorage,
} from './model-choice';

const memoryStorage = (initial: Record<string, string> = {}): ChoiceStorage & { data: Record<string, string> } => {
  const data = { ...initial };
  return { data, getItem: (key) => data[key] ?? null, setItem: (key, value) => void (data[key] = value) };
};

const MPNET = 'Xenova/all-mpnet-base-v2';
const onWasm = () => ({ device: 'wasm' as const, dtype: 'fp32' as const });
const onWebgpuF16 = () => ({ device: 'webgpu' as const, dtype: 'fp16' as const });

describe('the model choice kept in this browser', () => {
  it('starts with the bundled model and the Hugging Face hub', () => {
    expect(readModelChoice(memoryStorage())).toEqual({ modelId: 'Xenova/all-MiniLM-L6-v2', hubUrl: DEFAULT_HUB_URL });
    expect(readModelChoice(undefined).modelId).toBe('Xenova/all-MiniLM-L6-v2');
  });

  it('reads back what was saved', () => {
    const storage = memoryStorage();
    saveModelChoice(storage, { modelId: MPNET, hubUrl: 'https://mirror.example/hf/' });
    expect(readModelChoice(storage)).toEqual({ modelId: MPNET, hubUrl: 'https://mirror.example/hf/' });
  });

  it('ignores a model that is not in the list, a broken entry and an address that is not http(s)', () => {
    const odd = memoryStorage({
      'careerpilot-model-choice': '{"modelId":"bert-base-uncased","hubUrl":"javascript:x"}',
    });
    expect(readModelChoice(odd)).toEqual({ modelId: 'Xenova/all-MiniLM-L6-v2', hubUrl: DEFAULT_HUB_URL });
    expect(readModelChoice(memoryStorage({ 'careerpilot-model-choice': '{not json' })).hubUrl).toBe(DEFAULT_HUB_URL);
  });

  it('keeps working when the browser refuses to save', () => {
    const refusing: ChoiceStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => saveModelChoice(refusing, { modelId: MPNET, hubUrl: DEFAULT_HUB_URL })).not.toThrow();
  });

  it('accepts http(s) hub addresses, adding the final slash, and refuses others', () => {
    expect(normaliseHubUrl(' http://127.0.0.1:4180 ')).toBe('http://127.0.0.1:4180/');
    expect(normaliseHubUrl('https://hf-mirror.com/')).toBe('https://hf-mirror.com/');
    expect(normaliseHubUrl('ftp://x.org/')).toBeNull();
    expect(normaliseHubUrl('huggingface')).toBeNull();
  });
});

describe('the model loaded when the page opens', () => {
  const downloaded = [{ modelId: MPNET, bytes: 439e6, complete: ['fp32' as const], hubUrl: DEFAULT_HUB_URL }];

  it('is the saved one when it needs no download', () => {
    expect(startupModel({ modelId: MPNET, hubUrl: DEFAULT_HUB_URL }, downloaded, onWasm)).toEqual({
      choice: { modelId: MPNET, hubUrl: DEFAULT_HUB_URL },
    });
    expect(offlineChoice('Xenova/all-MiniLM-L6-v2', DEFAULT_HUB_URL, [], 'int8')).toEqual({
      modelId: 'Xenova/all-MiniLM-L6-v2',
      hubUrl: DEFAULT_HUB_URL,
    });
  });

  it('is the bundled one, with a notice, when the saved model is no longer downloaded (never a silent download)', () => {
    const partial = [{ modelId: MPNET, bytes: 1e6, complete: [], hubUrl: DEFAULT_HUB_URL }];
    const startup = startupModel({ modelId: MPNET, hubUrl: DEFAULT_HUB_URL }, partial, onWasm);
    expect(startup.choice.modelId).toBe('Xenova/all-MiniLM-L6-v2');
    expect(startup.notice).toBe(
      'all-mpnet-base-v2 is no longer downloaded in this browser, so all-MiniLM-L6-v2 is used. Choose all-mpnet-base-v2 again to download it.',
    );
  });

  it('is the bundled one when the saved model was downloaded in another dtype than this browser runs it in', () => {
    const startup = startupModel({ modelId: MPNET, hubUrl: DEFAULT_HUB_URL }, downloaded, onWebgpuF16);
    expect(startup.choice.modelId).toBe('Xenova/all-MiniLM-L6-v2');
    expect(startup.notice).toBe(
      'all-mpnet-base-v2 was downloaded in fp32, but this browser runs it in fp16 for WebGPU, whose files are not downloaded, so all-MiniLM-L6-v2 is used. Choose all-mpnet-base-v2 again to download them.',
    );
  });

  it('never carries a download yes over to the next visit', () => {
    const storage = memoryStorage();
    saveModelChoice(storage, { modelId: MPNET, hubUrl: DEFAULT_HUB_URL, download: true });
    expect(readModelChoice(storage)).toEqual({ modelId: MPNET, hubUrl: DEFAULT_HUB_URL });
  });

  it('writes sizes for people', () => {
    expect(formatBytes(439_000_000)).toBe('439 MB');
    expect(formatBytes(1_250_000_000)).toBe('1.3 GB');
    expect(formatBytes(2_400_000)).toBe('2.4 MB');
  });
});

describe('a downloaded model', () => {
  it('loads from the hub it came from, whatever address is set for the next download (no second download)', () => {
    const mirror = 'http://127.0.0.1:4180/';
    const downloads = [{ modelId: MPNET, bytes: 15e6, complete: ['fp32' as const], hubUrl: mirror }];
    expect(offlineChoice(MPNET, DEFAULT_HUB_URL, downloads, 'fp32')).toEqual({ modelId: MPNET, hubUrl: mirror });
    expect(startupModel({ modelId: MPNET, hubUrl: DEFAULT_HUB_URL }, downloads, onWasm).choice.hubUrl).toBe(mirror);
    expect(offlineChoice('Xenova/all-MiniLM-L12-v2', DEFAULT_HUB_URL, downloads, 'fp32')).toBeNull();
  });

  it('needs a download when only another dtype is downloaded (fp32 for WASM, fp16 wanted on WebGPU)', () => {
    const downloads = [{ modelId: MPNET, bytes: 439e6, complete: ['fp32' as const], hubUrl: DEFAULT_HUB_URL }];
    expect(offlineChoice(MPNET, DEFAULT_HUB_URL, downloads, 'fp16')).toBeNull();
  });
});
