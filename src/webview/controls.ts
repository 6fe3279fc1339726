/** Thin factories over @vscode-elements/elements, so the rest of the UI reads like a form. */
import { h } from './dom';

export interface TextFieldOptions {
  readonly label: string;
  readonly placeholder?: string;
  readonly id?: string;
  readonly required?: boolean;
  readonly invalid?: boolean;
}

/** A themed text field; `onInput` gets every change. */
export function textField(value: string, options: TextFieldOptions, onInput: (value: string) => void): HTMLElement {
  const el = h('vscode-textfield', {
    'aria-label': options.label,
    placeholder: options.placeholder,
    id: options.id,
    required: options.required,
    invalid: options.invalid,
  }) as HTMLElement & { value: string };
  el.value = value;
  el.addEventListener('input', () => onInput(el.value));
  return el;
}

export interface Choice {
  readonly value: string;
  readonly label: string;
  readonly description?: string;
}

/** A themed drop-down. */
export function select(choices: readonly Choice[], value: string, label: string, onChange: (value: string) => void, id?: string): HTMLElement {
  const el = h('vscode-single-select', { 'aria-label': label, id }) as HTMLElement & { value: string };
  for (const c of choices) {
    el.appendChild(h('vscode-option', { value: c.value, description: c.description, selected: c.value === value }, c.label));
  }
  el.addEventListener('change', () => onChange(el.value));
  return el;
}

export function button(label: string, onClick: () => void, opts: { secondary?: boolean; id?: string; title?: string; disabled?: boolean } = {}): HTMLElement {
  const el = h('vscode-button', { id: opts.id, secondary: opts.secondary, title: opts.title, disabled: opts.disabled }, label);
  el.addEventListener('click', () => {
    if (!el.hasAttribute('disabled')) onClick();
  });
  return el;
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void, id?: string): HTMLElement {
  const el = h('vscode-checkbox', { id, checked, label }) as HTMLElement & { checked: boolean };
  el.addEventListener('change', () => onChange(el.checked));
  return el;
}

export function setDisabled(el: HTMLElement, disabled: boolean): void {
  if (disabled) el.setAttribute('disabled', '');
  else el.removeAttribute('disabled');
}
