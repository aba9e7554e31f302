/** How fast the demo bot moves. `npm start` uses the defaults; the tour and tests pass shorter ones. */
export interface BotTimings {
  /** `typing` on the bot's messages: the widget shows the typing indicator this long first. */
  botTypingMs: number;
  /** Between two `queue_number` updates while the customer waits. */
  queueStepMs: number;
  /** Queue position a handed-over customer starts at; it counts down to 1, then an agent comes. */
  queueStart: number;
  /** How long the bot-played agent "types" before each message. */
  agentTypingMs: number;
  /** After the bot-played agent's answer, how long until it sends `agent_done`. */
  agentDoneMs: number;
  /** seed 001: `application_heartbeat` "with a period of 30s". */
  heartbeatMs: number;
}

/** Slow enough to watch, and to claim the conversation in the console while it waits in the queue. */
export const DEFAULT_TIMINGS: BotTimings = {
  botTypingMs: 1200,
  queueStepMs: 8000,
  queueStart: 3,
  agentTypingMs: 2500,
  agentDoneMs: 6000,
  heartbeatMs: 30_000,
};
