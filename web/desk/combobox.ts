/**
 * The WAI-ARIA combobox pattern (list autocomplete with automatic selection): the field owns a
 * listbox of options; the first is active as soon as the list opens, arrow keys move, Enter
 * chooses, Escape closes. The active option is announced through aria-activedescendant, so that
 * focus never leaves the field.
 */
export interface ComboOption<T> {
  readonly label: string;
  /** A second line, e.g. the department of a commune. */
  readonly detail?: string;
  readonly value: T;
}

export interface ComboboxHandlers<T> {
  /** The text changed: compute the options (possibly later) and give them to `show`. */
  onInput(text: string): void;
  onChoose(value: T, option: ComboOption<T>): void;
  /** Enter while the list is closed. */
  onEnterClosed(): void;
}

export class Combobox<T> {
  private options: readonly ComboOption<T>[] = [];
  private active = -1;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly list: HTMLUListElement,
    private readonly handlers: ComboboxHandlers<T>,
  ) {
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    input.autocomplete = 'off';
    list.setAttribute('role', 'listbox');
    input.addEventListener('input', () => handlers.onInput(input.value));
    input.addEventListener('keydown', (event) => this.onKey(event));
    input.addEventListener('blur', () => this.close());
    // mousedown, not click: the field would lose focus (and close the list) before a click.
    list.addEventListener('mousedown', (event) => {
      const item = (event.target as HTMLElement).closest('[role="option"]');
      if (!item) return;
      event.preventDefault();
      this.choose(Number(item.getAttribute('data-index')));
    });
  }

  get isOpen(): boolean {
    return !this.list.hidden;
  }

  /** Shows these options, the first active; closes the list when there are none. */
  show(options: readonly ComboOption<T>[]): void {
    this.options = options;
    this.list.replaceChildren(...options.map((option, index) => {
      const item = document.createElement('li');
      item.id = `${this.list.id}-${index}`;
      item.setAttribute('role', 'option');
      item.setAttribute('data-index', String(index));
      item.setAttribute('aria-selected', 'false');
      const label = document.createElement('span');
      label.className = 'option-label';
      label.textContent = option.label;
      item.append(label);
      if (option.detail) {
        const detail = document.createElement('span');
        detail.className = 'option-detail';
        detail.textContent = option.detail;
        item.append(' ', detail);
      }
      return item;
    }));
    if (options.length === 0) {
      this.close();
      return;
    }
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.activate(0);
  }

  close(): void {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.active = -1;
  }

  private activate(index: number): void {
    const items = this.list.querySelectorAll<HTMLElement>('[role="option"]');
    items.forEach((item, i) => item.setAttribute('aria-selected', String(i === index)));
    this.active = index;
    const item = items[index];
    if (!item) return;
    this.input.setAttribute('aria-activedescendant', item.id);
    item.scrollIntoView({ block: 'nearest' });
  }

  private choose(index: number): void {
    const option = this.options[index];
    if (!option) return;
    this.input.value = option.label;
    this.close();
    this.handlers.onChoose(option.value, option);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const count = this.options.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!this.isOpen) {
          if (count > 0) this.show(this.options);
          return;
        }
        this.activate((this.active + 1) % count);
        return;
      case 'ArrowUp':
        event.preventDefault();
        if (!this.isOpen) return;
        this.activate((this.active - 1 + count) % count);
        return;
      case 'Enter':
        event.preventDefault();
        if (this.isOpen && this.active >= 0) this.choose(this.active);
        else this.handlers.onEnterClosed();
        return;
      case 'Escape':
        if (this.isOpen) {
          event.preventDefault();
          this.close();
        }
        return;
      default:
    }
  }
}
