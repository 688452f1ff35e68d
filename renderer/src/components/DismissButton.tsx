export function DismissButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="dismiss-button" aria-label="Dismiss" title="Dismiss" onClick={onClick}>
      ×
    </button>
  );
}
