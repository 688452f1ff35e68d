import { attributePivotTargets, useAttributePivots } from './AttributePivotContext.js';
import { useDismissable } from '../hooks/use-dismissable.js';

interface AttributeValueMenuProps {
  attributeKey: string;
  value: string;
  service?: string;
}

/** The ⋯ beside an attribute value: other traces and logs with the value, or traces grouped by the key. */
export function AttributeValueMenu({ attributeKey, value, service }: AttributeValueMenuProps) {
  const pivots = useAttributePivots();
  const { open, setOpen, root } = useDismissable<HTMLSpanElement>();
  if (pivots === null) return null;
  return (
    <span className="attribute-menu" ref={root}>
      <button
        type="button"
        className="attribute-menu-button"
        data-testid="attribute-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        title="Pivot on this value"
        onClick={(event) => {
          event.stopPropagation();
          setOpen(!open);
        }}
      >
        ⋯
      </button>
      {open && (
        <ul className="popover attribute-menu-list" role="menu" data-testid="attribute-menu">
          {attributePivotTargets({ key: attributeKey, value }, service).map((target) => (
            <li key={target.id} role="none">
              <button
                type="button"
                role="menuitem"
                className="menu-item"
                data-testid={`pivot-${target.id}`}
                onClick={(event) => {
                  event.stopPropagation();
                  setOpen(false);
                  pivots.go(target.view);
                }}
              >
                {target.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
