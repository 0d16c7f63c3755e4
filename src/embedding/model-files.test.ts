import { describe, expect, it } from 'vitest';
import { diagnoseModelFiles, requiredModelFiles, type ModelFileRead } from './model-files';

const encode = (text: string) => new TextEncoder().encode(text);
const onnxBytes = () => {
  const bytes = new Uint8Array(4096);
  bytes[0] = 0x08;
  return bytes;
};

function reader(overrides: Record<string, ModelFileRead>) {
  return async (file: string): Promise<ModelFileRead> =>
    overrides[file] ?? { found: true, bytes: file.endsWith('.json') ? encode('{}') : onnxBytes() };
}

describe('diagnoseModelFiles', () => {
  const files = requiredModelFiles('int8');

  it('lists the int8 ONNX file among the files to load', () => {
    expect(files).toContain('onnx/model_int8.onnx');
    expect(requiredModelFiles('fp16')).toContain('onnx/model_fp16.onnx');
  });

  it('finds nothing wrong with sound files', async () => {
    expect(await diagnoseModelFiles(files, reader({}))).toBeNull();
  });

  it('names a missing file', async () => {
    const problem = await diagnoseModelFiles(
      files,
      reader({ 'onnx/model_int8.onnx': { found: false, status: '404 Not Found', bytes: new Uint8Array() } }),
    );
    expect(problem).toEqual({ file: 'onnx/model_int8.onnx', reason: 'is missing (404 Not Found)' });
  });

  it('spots an HTML page served in place of a model file', async () => {
    const html = { found: true, contentType: 'text/html', bytes: encode('<!doctype html><html></html>') };
    const problem = await diagnoseModelFiles(files, reader({ 'config.json': html }));
    expect(problem?.file).toBe('config.json');
    expect(problem?.reason).toMatch(/web page/);
  });

  it('spots broken JSON and a truncated ONNX file', async () => {
    const brokenJson = await diagnoseModelFiles(
      files,
      reader({ 'tokenizer.json': { found: true, bytes: encode('{"a":') } }),
    );
    expect(brokenJson?.reason).toMatch(/not valid JSON/);
    const truncated = await diagnoseModelFiles(
      files,
      reader({ 'onnx/model_int8.onnx': { found: true, bytes: onnxBytes().subarray(0, 100) } }),
    );
    expect(truncated?.reason).toMatch(/truncated or corrupt/);
  });
});
