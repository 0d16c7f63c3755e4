import type { DevicePreference } from '../embedding/device-choice';

/** `?device=wasm` or `?device=webgpu` overrides the automatic choice (handy to compare backends). */
export function devicePreferenceFrom(search: string): DevicePreference {
  const value = new URLSearchParams(search).get('device');
  return value === 'wasm' || value === 'webgpu' ? value : 'auto';
}
