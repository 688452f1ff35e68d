import { DismissButton } from './DismissButton.js';

/** A file whose import never started (upload refused, server unreachable): shown like a failed job. */
export function ImportStartFailedRow({ fileName, message, onDismiss }: { fileName: string; message: string; onDismiss: () => void }) {
  return (
    <div className="import-job" data-testid="import-job" data-state="failed" data-file={fileName}>
      <div className="import-job-title">
        <span className="import-file" title={fileName}>
          {fileName}
        </span>
        <span className="import-state import-state-failed">failed</span>
        <DismissButton onClick={onDismiss} />
      </div>
      <div className="import-error" data-testid="import-error">
        {message}
      </div>
    </div>
  );
}
