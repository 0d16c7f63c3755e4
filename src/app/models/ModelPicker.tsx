import { useState, type FormEvent } from 'react';
import { BUNDLED_MODEL, MODELS, modelSpec, type ModelSpec } from '../../core/models';
import { approxDownloadBytes, type DownloadedModel } from '../../embedding/model-downloads';
import { formatBytes, hubHost, planWords, type ModelChoice, type PlanFor } from './model-choice';
import type { PendingDownload } from './useModelChoice';

export interface ModelPickerProps {
  active: ModelChoice;
  /** Where the next download comes from. */
  hubUrl: string;
  downloads: readonly DownloadedModel[];
  /** Which dtype and device each model runs in here: which files "downloaded" means. */
  planFor: PlanFor;
  pending: PendingDownload | null;
  notice: string | null;
  /** True while a model loads or downloads: switching then waits. */
  busy: boolean;
  onChoose: (modelId: string) => void;
  onConfirm: () => void;
  onCancel: () => void;
  onRemove: (modelId: string) => void;
  /** Returns a message when the address is not one. */
  onHubUrl: (value: string) => string | null;
}

function availability(spec: ModelSpec, downloaded: DownloadedModel | undefined, planFor: PlanFor): string {
  if (spec.bundled) return 'bundled with the app, works offline';
  const plan = planFor(spec);
  if (downloaded?.complete.includes(plan.dtype)) return `downloaded (${formatBytes(downloaded.bytes)}), works offline`;
  const download = `a download of about ${formatBytes(approxDownloadBytes(spec, plan.dtype))}`;
  const other = downloaded?.complete[0];
  if (downloaded && other)
    return `downloaded in ${other} (${formatBytes(downloaded.bytes)}), but this browser runs it in ${planWords(plan)}: ${download}`;
  return download;
}

function PendingDownloadNote({
  pending,
  hubUrl,
  onConfirm,
  onCancel,
}: {
  pending: PendingDownload;
  hubUrl: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { spec } = pending;
  if (pending.kind === 'offline') {
    return (
      <div className="notice error" role="alert">
        <span>
          You are offline, so {spec.name} cannot be downloaded now. The bundled all-MiniLM-L6-v2 and any model you
          downloaded before still work.
        </span>
        <button type="button" className="link" onClick={onCancel}>
          Close
        </button>
      </div>
    );
  }
  const size = pending.size
    ? `${pending.size.exact ? '' : 'about '}${formatBytes(pending.size.bytes)}`
    : `about ${formatBytes(approxDownloadBytes(spec, pending.plan.dtype))} (asking ${hubHost(hubUrl)} for the exact size…)`;
  return (
    <div className="notice download-confirm" role="dialog" aria-labelledby="download-confirm-title">
      <p id="download-confirm-title">
        <strong>Download {spec.name}?</strong> {size} from {hubHost(hubUrl)}: its {planWords(pending.plan)}, which is
        how this browser runs it. It is kept in this browser, works offline afterwards, and can be removed here. Your
        jobs and profile stay on this machine: only the model files are fetched.
      </p>
      <div className="actions">
        <button type="button" onClick={onConfirm}>
          Download and use {spec.name}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/**
 * Which sentence model ranks the jobs. Vectors of one model are never compared with another's: switching embeds the
 * jobs and profile again with the new model (vectors made before are kept in the cache for switching back).
 */
export function ModelPicker(props: ModelPickerProps) {
  const { active, downloads, pending, notice, busy } = props;
  const [hubDraft, setHubDraft] = useState(props.hubUrl);
  const [hubMessage, setHubMessage] = useState<string | null>(null);
  const activeSpec = modelSpec(active.modelId) ?? BUNDLED_MODEL;
  const [unfolded, setUnfolded] = useState(false);

  const saveHub = (event: FormEvent) => {
    event.preventDefault();
    const problem = props.onHubUrl(hubDraft);
    setHubMessage(problem ?? `Downloads now come from ${hubDraft.trim()}.`);
  };

  return (
    <section className="card model-picker" aria-labelledby="model-picker-title">
      {/* Folded by default: most people keep the bundled model, and the ranked list stays the end of the page. */}
      <details
        open={unfolded || pending !== null || notice !== null}
        onToggle={(event) => setUnfolded(event.currentTarget.open)}
      >
        <summary>
          <h2 id="model-picker-title">Model</h2>{' '}
          <span className="hint">{activeSpec.name}: choose another (English, larger, or 50+ languages)</span>
        </summary>
        <fieldset disabled={busy}>
          <legend className="hint">
            Jobs are ranked with one model at a time; switching reads the jobs and your profile again with the new one.
          </legend>
          {MODELS.map((spec) => {
            const downloaded = downloads.find((model) => model.modelId === spec.id);
            const isActive = spec.id === active.modelId;
            return (
              <div className="model-option" key={spec.id}>
                <label>
                  <input
                    type="radio"
                    name="model"
                    value={spec.id}
                    checked={isActive}
                    onChange={() => props.onChoose(spec.id)}
                  />{' '}
                  <strong>{spec.name}</strong> — {spec.summary}{' '}
                  <span className="hint">
                    {spec.dim} numbers per vector; {availability(spec, downloaded, props.planFor)}.
                  </span>
                </label>
                {downloaded && !spec.bundled && !isActive && (
                  <button
                    type="button"
                    className="link"
                    onClick={() => props.onRemove(spec.id)}
                    aria-label={`Remove the downloaded ${spec.name}`}
                  >
                    Remove download
                  </button>
                )}
              </div>
            );
          })}
        </fieldset>
        {pending && (
          <PendingDownloadNote
            pending={pending}
            hubUrl={props.hubUrl}
            onConfirm={props.onConfirm}
            onCancel={props.onCancel}
          />
        )}
        {notice && (
          <p className="notice info" role="status">
            {notice}
          </p>
        )}
        <details>
          <summary>Download from</summary>
          <form onSubmit={saveHub} className="hub-url">
            <label>
              Hugging Face hub, or a mirror with its layout{' '}
              <input type="url" value={hubDraft} onChange={(event) => setHubDraft(event.target.value)} required />
            </label>
            <button type="submit">Save</button>
          </form>
          {hubMessage && <p role="status">{hubMessage}</p>}
        </details>
      </details>
    </section>
  );
}
