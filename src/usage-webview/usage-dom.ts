/** Small DOM helpers: every text goes in as textContent, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

export function option(value: string, label: string, selected = false): HTMLOptionElement {
  const o = el('option', { value }, label);
  o.selected = selected;
  return o;
}

/** A labelled control: the label's `for` names the control, so screen readers announce it. */
export function labelled(id: string, text: string, control: HTMLElement): HTMLElement {
  control.id = id;
  return el('span', { class: 'field' }, el('label', { for: id }, text), control);
}
