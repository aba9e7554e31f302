/**
 * DESIGN §3 `preChat`, §5 pre-chat form: a form "Before we start" with the fields asked (required ones marked),
 * autocomplete set, the email checked with a clear message next to the field, and "Start chat" submitting the
 * answers; in both locales. The form is a lazy chunk: found with `findBy`.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { createRef } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { PreChatField } from '../../config/config.ts';
import { App } from './App.tsx';
import { stringsFor } from './test-strings.ts';
import { createTestChat } from './test-chat.ts';

afterEach(cleanup);

const ALL: PreChatField[] = [
  { name: 'name', required: false },
  { name: 'email', required: true },
  { name: 'phone', required: false },
];

async function renderForm(locale: 'en' | 'sv', fields = ALL) {
  const t = createTestChat();
  t.preChat.value = { fields, answers: {} };
  const s = stringsFor(locale);
  render(<App chat={t.chat} strings={s} title={s.title} />);
  const form = await screen.findByRole('form', { name: locale === 'en' ? 'Before we start' : 'Innan vi börjar' });
  return { ...t, form };
}

const type = (box: HTMLElement, value: string) => fireEvent.input(box, { target: { value } });

describe.each([
  { locale: 'en' as const, name: 'Name', email: 'Email', phone: 'Phone', start: 'Start chat', badEmail: 'Enter an email address like name@example.com.', required: 'Please fill in this field.' },
  { locale: 'sv' as const, name: 'Namn', email: 'E-post', phone: 'Telefon', start: 'Starta chatten', badEmail: 'Ange en e-postadress som namn@exempel.se.', required: 'Fyll i det här fältet.' },
])('the pre-chat form in $locale', (n) => {
  it('asks the configured fields as textboxes with autocomplete, required ones marked, and hides the chat meanwhile', async () => {
    const { form } = await renderForm(n.locale);
    const name = within(form).getByRole('textbox', { name: n.name });
    const email = within(form).getByRole('textbox', { name: n.email });
    const phone = within(form).getByRole('textbox', { name: n.phone });
    expect([name, email, phone].map((box) => box.getAttribute('autocomplete'))).toEqual(['name', 'email', 'tel']);
    expect([name, email, phone].map((box) => box.getAttribute('type'))).toEqual(['text', 'email', 'tel']);
    expect([name, email, phone].map((box) => (box as HTMLInputElement).required)).toEqual([false, true, false]);
    expect(within(form).getByRole('button', { name: n.start })).toBeTruthy();
    // The chat itself comes after the form: no composer, no message log, nothing to end or download yet.
    expect(screen.queryByRole('log')).toBeNull();
    expect(screen.queryByRole('textbox', { name: n.locale === 'en' ? 'Message' : 'Meddelande' })).toBeNull();
    expect(screen.queryAllByRole('button').map((b) => b.textContent || b.getAttribute('aria-label'))).toEqual([n.start]);
  });

  it('says what is wrong next to each field, keeps the answers, and focuses the first one to fix', async () => {
    const { form, callsOf } = await renderForm(n.locale);
    const email = within(form).getByRole('textbox', { name: n.email });
    const phone = within(form).getByRole('textbox', { name: n.phone });
    type(phone, '070 123 45 67');
    fireEvent.click(within(form).getByRole('button', { name: n.start }));
    expect(callsOf('submitPreChat')).toEqual([]);
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(email.getAttribute('aria-describedby')!)?.textContent).toBe(n.required);
    expect(document.activeElement).toBe(email);

    type(email, 'ada@example');
    fireEvent.click(within(form).getByRole('button', { name: n.start }));
    expect(document.getElementById(email.getAttribute('aria-describedby')!)?.textContent).toBe(n.badEmail);
    expect(within(form).getByText(n.badEmail)).toBeTruthy();
    expect((phone as HTMLInputElement).value).toBe('070 123 45 67');
    expect(phone.getAttribute('aria-invalid')).not.toBe('true');
  });

  it('clears a message once the answer is fixed, and submits the checked answers', async () => {
    const { form, callsOf } = await renderForm(n.locale);
    const email = within(form).getByRole('textbox', { name: n.email });
    type(within(form).getByRole('textbox', { name: n.name }), '  Ada Lovelace ');
    type(email, 'ada@');
    fireEvent.submit(form);
    expect(email.getAttribute('aria-invalid')).toBe('true');
    type(email, 'ada@example.com');
    expect(email.getAttribute('aria-invalid')).not.toBe('true');
    expect(within(form).queryByText(n.badEmail)).toBeNull();
    fireEvent.submit(form);
    expect(callsOf('submitPreChat')).toEqual([[{ name: 'Ada Lovelace', email: 'ada@example.com' }]]);
  });
});

describe('the pre-chat form', () => {
  it('fills in the answers given for the last conversation', async () => {
    const t = createTestChat();
    t.preChat.value = { fields: ALL, answers: { name: 'Ada', email: 'ada@example.com' } };
    const s = stringsFor('en');
    render(<App chat={t.chat} strings={s} title={s.title} />);
    const form = await screen.findByRole('form', { name: 'Before we start' });
    expect((within(form).getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('Ada');
    fireEvent.click(within(form).getByRole('button', { name: 'Start chat' }));
    expect(t.callsOf('submitPreChat')).toEqual([[{ name: 'Ada', email: 'ada@example.com' }]]);
  });

  it('says which fields are required only when some are', async () => {
    const { form } = await renderForm('en', [{ name: 'name', required: false }]);
    expect(within(form).queryByText(/Fields marked \* are required/)).toBeNull();
    cleanup();
    const again = await renderForm('en');
    expect(within(again.form).getByText(/Fields marked \* are required/)).toBeTruthy();
  });

  it('gives way to the chat once submitted', async () => {
    const { form } = await renderForm('en');
    type(within(form).getByRole('textbox', { name: 'Email' }), 'ada@example.com');
    fireEvent.submit(form);
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.getByRole('log', { name: 'Messages' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
  });

  it('hands its first field to the loader bridge, to focus when the host opens the panel', async () => {
    const t = createTestChat();
    t.preChat.value = { fields: ALL, answers: {} };
    const s = stringsFor('en');
    const formRef = createRef<HTMLInputElement>();
    render(<App chat={t.chat} strings={s} title={s.title} formRef={formRef} />);
    const form = await screen.findByRole('form', { name: 'Before we start' });
    expect(formRef.current).toBe(within(form).getByRole('textbox', { name: 'Name' }));
  });
});
