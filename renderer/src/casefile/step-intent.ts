/**
 * What caused the next WorkbenchState change, when it was not a plain view change: the omnibox or a search marks it
 * just before navigating, and the step recorder takes it with the change.
 */
interface StepIntent {
  kind: 'search' | 'omnibox';
  detail: Record<string, string>;
}

let pending: StepIntent | null = null;

export function markStepIntent(intent: StepIntent): void {
  pending = intent;
}

export function takeStepIntent(): StepIntent | null {
  const intent = pending;
  pending = null;
  return intent;
}
