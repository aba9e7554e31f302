/** DESIGN §4: every event the widget sends, in format 2 (the default), as the agent application sees it. */
import { defineSendTests } from './support/chat-send-cases.ts';

defineSendTests(2);
