// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SermoEvent } from '../protocol/events.ts';
import { App } from './App.tsx';
import type { ConnectOptions } from './connection.ts';
import { createConsoleState } from './state.ts';

const U = '7c1e2b3a-1111-4111-8111-111111111111';

function setup() {
  const sent: SermoEvent[] = [];
  let options: Pick<ConnectOptions, 'onEvent' | 'onStatus' | 'url'> | undefined;
  const state = createConsoleState({
    connect: (o) => {
      options = o;
      return { send: (e) => (sent.push(e), true), dispose: () => {} };
    },
    socketUrl: 'ws://localhost:8080/ws/app',
    assetsBase: 'http://localhost:8080',
    now: () => Date.parse('2026-01-05T10:00:00Z'),
  });
  render(<App state={state} uploadImage={async () => 'img-9'} />);
  const receive = (e: SermoEvent) => act(() => options?.onEvent(e));
  return { state, sent, receive, connectedTo: () => options?.url, setStatus: (s: Parameters<ConnectOptions['onStatus']>[0]) => act(() => options?.onStatus(s)) };
}

/** The console connected, with a customer's conversation open. */
function withConversation() {
  const opened = setup();
  opened.state.useKey('k');
  opened.receive({ type: 'start', direction: 'inbound', userId: U, params: {} });
  opened.state.select(U);
  return opened;
}

describe('the agent console', () => {
  afterEach(cleanup);

  it('connects with the key typed into the API key form', async () => {
    const { connectedTo, setStatus } = setup();
    expect(screen.getByText('Not connected: enter the API key')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('API key', { selector: 'input' }), { target: { value: 'dev-123' } });
    fireEvent.submit(screen.getByRole('form', { name: 'API key' }));
    expect(connectedTo()).toBe('ws://localhost:8080/ws/app?apiKey=dev-123');
    setStatus('online');
    expect(screen.getByText('Connected')).toBeTruthy();
  });

  it('lists a conversation with the customer’s live draft, and shows it in the conversation view', async () => {
    const { state, receive } = setup();
    state.useKey('k');
    receive({ type: 'start', direction: 'inbound', userId: U, params: {} });
    receive({ type: 'typing_on', direction: 'inbound', userId: U, text: 'My router bl', at: '2026-01-05T10:00:00Z' });
    const list = screen.getByRole('navigation', { name: 'Conversations' });
    const item = within(list).getByRole('button', { name: /Customer 7c1e2b3a/ });
    expect(item.textContent).toContain('Typing: My router bl');

    fireEvent.click(item);
    const view = screen.getByRole('main', { name: 'Conversation with Customer 7c1e2b3a' });
    expect(within(view).getByRole('status', { name: 'Customer draft' }).textContent).toContain('My router bl');
    receive({ type: 'text', direction: 'inbound', userId: U, text: 'My router blinks red' });
    expect(within(view).getByRole('log', { name: 'Transcript' }).textContent).toContain('My router blinks red');
  });

  it('shows the pre-chat answers and the customer’s rating in the conversation view and its transcript', async () => {
    const { state, receive } = setup();
    state.useKey('k');
    receive({ type: 'start', direction: 'inbound', userId: U, params: { name: 'Ada', email: 'ada@example.com' } });
    state.select(U);
    const view = await screen.findByRole('main', { name: 'Conversation with Customer 7c1e2b3a' });
    expect(within(view).getByText('· name=Ada, email=ada@example.com', { exact: false })).toBeTruthy();
    receive({ type: 'end_session', direction: 'outbound', userId: U });
    receive({ type: 'rating', direction: 'inbound', userId: U, score: 4, comment: 'Quick and kind', at: '2026-01-05T10:00:00Z' });
    expect(within(view).getByText('· Rated 4 of 5: “Quick and kind”', { exact: false })).toBeTruthy();
    expect(within(view).getByRole('log', { name: 'Transcript' }).textContent).toContain('Rated 4 of 5: “Quick and kind”');
  });

  it('claims from the bot, then replies with quick replies and an image as a human agent', async () => {
    const { state, sent, receive } = setup();
    state.useKey('k');
    receive({ type: 'start', direction: 'inbound', userId: U, params: {} });
    state.select(U);
    fireEvent.click(await screen.findByRole('button', { name: 'Claim from bot' }));
    expect(sent).toEqual([{ type: 'claim_session', direction: 'internal', userId: U, agentId: 'agent-alex' }]);
    expect(screen.getByText('You are handling this conversation.')).toBeTruthy();

    fireEvent.input(screen.getByRole('textbox', { name: 'Reply' }), { target: { value: 'Does this help?' } });
    expect(sent.at(-1)).toMatchObject({ type: 'typing_on', direction: 'outbound', userId: U });
    fireEvent.input(screen.getByRole('textbox', { name: 'Quick replies (comma separated)' }), { target: { value: 'Yes, No' } });
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'router.png', { type: 'image/png' });
    fireEvent.change(screen.getByLabelText('Attach image'), { target: { files: [file] } });
    await screen.findByText(/Image attached: router.png/);
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));

    expect(sent.at(-1)).toEqual({
      type: 'text',
      direction: 'outbound',
      userId: U,
      text: 'Does this help?',
      imageId: 'img-9',
      quickReplies: [
        { type: 'postback', text: 'Yes', payload: 'yes' },
        { type: 'postback', text: 'No', payload: 'no' },
      ],
      agent: { id: 'agent-alex', name: 'Alex', type: 'human', avatarUrl: 'http://localhost:8080/demo/agents/agent.svg' },
    });
    expect(sent.at(-2)).toMatchObject({ type: 'typing_off' });
    expect((screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement).value).toBe('');
  });

  it('sends markdown and the attachments it adds from examples, each type of DESIGN §4.4', async () => {
    const { sent } = withConversation();
    fireEvent.input(await screen.findByRole('textbox', { name: 'Reply' }), { target: { value: 'Here is **all** of it' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Markdown/ }));
    const add = screen.getByRole('combobox', { name: 'Add attachment' });
    const types = ['file', 'image', 'video', 'audio', 'link', 'location', 'contact'];
    for (const type of types) fireEvent.change(add, { target: { value: type } });
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(sent.at(-1)).toMatchObject({ type: 'text', text: 'Here is **all** of it', format: 'markdown', attachments: types.map((type) => ({ type })) });
    expect((screen.getByRole('textbox', { name: 'Attachments (JSON list)' }) as HTMLTextAreaElement).value).toBe('');
  });

  it('names what is wrong with an attachments list that is not a JSON list, and sends nothing', async () => {
    const { sent } = withConversation();
    fireEvent.input(await screen.findByRole('textbox', { name: 'Attachments (JSON list)' }), { target: { value: '{"type": "link"}' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Reply' }), { target: { value: 'x' } });
    const before = sent.length;
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(screen.getByRole('alert').textContent).toBe('Attachments: expected a JSON list ([…]), got one value.');
    expect(sent.slice(before).filter((e) => e.type === 'text')).toEqual([]);
  });

  it('sends info, queue number, agent done, platform closed and end session from the view', async () => {
    const { state, sent, receive } = setup();
    state.useKey('k');
    receive({ type: 'start', direction: 'inbound', userId: U, params: {} });
    state.select(U);
    fireEvent.input(await screen.findByRole('textbox', { name: 'Reply' }), { target: { value: 'Checking your line' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send as info' }));
    fireEvent.input(screen.getByRole('spinbutton', { name: 'Queue position' }), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send queue number' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send platform closed' }));
    fireEvent.click(screen.getByRole('button', { name: 'Agent done' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Reason shown to the customer' }), { target: { value: 'Solved' } });
    fireEvent.click(screen.getByRole('button', { name: 'End conversation' }));

    expect(sent.map((e) => `${e.direction}:${e.type}`)).toEqual([
      'internal:claim_session',
      'outbound:typing_on',
      'outbound:typing_off',
      'outbound:info',
      'outbound:queue_number',
      'outbound:platform_closed',
      'outbound:agent_done',
      'internal:agent_done',
      // agent_done handed the conversation back, so ending it claims it again first.
      'internal:claim_session',
      'outbound:end_session',
    ]);
    expect(sent).toContainEqual({ type: 'queue_number', direction: 'outbound', userId: U, queueNumber: 2, estimatedWaitSeconds: 90 });
    expect(sent.at(-1)).toEqual({ type: 'end_session', direction: 'outbound', userId: U, reasonText: 'Solved' });
    expect(screen.getByRole('button', { name: 'Send reply' })).toHaveProperty('disabled', true);
  });

  it('shows read state from messages_read', async () => {
    const { state, receive } = setup();
    state.useKey('k');
    receive({ type: 'text', direction: 'outbound', userId: U, text: 'Hi!', agent: { id: 'bot', name: 'Nora' } });
    state.select(U);
    const log = await screen.findByRole('log', { name: 'Transcript' });
    expect(log.textContent).toContain('Not read yet');
    receive({ type: 'messages_read', direction: 'inbound', userId: U, text: 'read', at: '2026-01-05T10:00:01Z' });
    expect(log.textContent).toContain('Read');
    expect(log.textContent).not.toContain('Not read yet');
  });

  it('stops its clock on dispose', () => {
    vi.useFakeTimers();
    const { state } = setup();
    state.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
  });
});
