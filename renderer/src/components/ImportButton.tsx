import { useRef, type ChangeEvent } from 'react';

/**
 * A button over a hidden file input: the input gives the OS file dialog in browsers and Electron alike, and files
 * picked this way carry a real path in Electron (window.api.pathForFile).
 */
export function ImportButton({ onFiles }: { onFiles: (files: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    // Reset so picking the same file again still fires a change.
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <>
      <button type="button" className="button" data-testid="import-button" onClick={() => input.current?.click()}>
        Import files…
      </button>
      <input ref={input} type="file" multiple hidden data-testid="import-input" onChange={onChange} />
    </>
  );
}
