import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { modelSpec, type ModelSpec } from '../../core/models';
import { DEFAULT_HUB_URL } from '../../embedding/types';
import { ModelPicker, type ModelPickerProps } from './ModelPicker';

const mpnet = modelSpec('Xenova/all-mpnet-base-v2') as ModelSpec;
const noop = () => undefined;
const wasmPlan = { device: 'wasm' as const, dtype: 'fp32' as const };
const webgpuF16Plan = { device: 'webgpu' as const, dtype: 'fp16' as const };

const render = (props: Partial<ModelPickerProps> = {}) =>
  renderToStaticMarkup(
    <ModelPicker
      active={{ modelId: 'Xenova/all-MiniLM-L6-v2', hubUrl: DEFAULT_HUB_URL }}
      hubUrl={DEFAULT_HUB_URL}
      downloads={[]}
      planFor={() => wasmPlan}
      pending={null}
      notice={null}
      busy={false}
      onChoose={noop}
      onConfirm={noop}
      onCancel={noop}
      onRemove={noop}
      onHubUrl={() => null}
      {...props}
    />,
  );

describe('ModelPicker', () => {
  it('lists the four models with their sizes, the bundled one chosen', () => {
    const html = render();
    expect(html).toMatchSnapshot();
    expect(html).toContain('all-MiniLM-L6-v2</strong>');
    expect(html).toContain('bundled with the app, works offline');
    expect(html).toContain('768 numbers per vector; a download of about 439 MB');
    expect(html).not.toContain('Remove download');
  });

  it('shows a downloaded model with its size and a way to remove it', () => {
    const html = render({
      downloads: [{ modelId: mpnet.id, bytes: 438_100_000, complete: ['fp32'], hubUrl: DEFAULT_HUB_URL }],
    });
    expect(html).toContain('downloaded (438 MB), works offline');
    expect(html).toContain('aria-label="Remove the downloaded all-mpnet-base-v2"');
  });

  it('does not call a model downloaded for WASM ready on a WebGPU that runs it in fp16: that file is still to fetch', () => {
    const html = render({
      downloads: [{ modelId: mpnet.id, bytes: 438_100_000, complete: ['fp32'], hubUrl: DEFAULT_HUB_URL }],
      planFor: () => webgpuF16Plan,
    });
    expect(html).toContain(
      'downloaded in fp32 (438 MB), but this browser runs it in fp16 for WebGPU: a download of about 220 MB',
    );
    expect(html).not.toContain('downloaded (438 MB), works offline');
    expect(html).toContain('aria-label="Remove the downloaded all-mpnet-base-v2"');
  });

  it('asks before a download, with the size the hub gave', () => {
    const html = render({
      pending: { kind: 'confirm', spec: mpnet, plan: wasmPlan, size: { bytes: 438_012_345, exact: true } },
    });
    expect(html).toMatchSnapshot();
    expect(html).toContain(
      '<strong>Download all-mpnet-base-v2?</strong> 438 MB from huggingface.co: its fp32 for WASM, which is how this browser runs it.',
    );
    expect(html).toContain('Download and use all-mpnet-base-v2');
  });

  it('says the size is an estimate when the hub could not be asked', () => {
    const html = render({
      pending: { kind: 'confirm', spec: mpnet, plan: wasmPlan, size: { bytes: 439_000_000, exact: false } },
    });
    expect(html).toContain('about 439 MB from huggingface.co');
  });

  it('sizes the download in the dtype this browser will fetch while the hub is asked', () => {
    const html = render({ pending: { kind: 'confirm', spec: mpnet, plan: webgpuF16Plan, size: null } });
    expect(html).toContain(
      'about 220 MB (asking huggingface.co for the exact size…) from huggingface.co: its fp16 for WebGPU',
    );
  });

  it('says a download cannot happen offline, and what still works', () => {
    const html = render({ pending: { kind: 'offline', spec: mpnet } });
    expect(html).toContain('role="alert"');
    expect(html).toContain('You are offline, so all-mpnet-base-v2 cannot be downloaded now.');
  });

  it('cannot switch while a model loads', () => {
    expect(render({ busy: true })).toContain('<fieldset disabled="">');
  });
});
