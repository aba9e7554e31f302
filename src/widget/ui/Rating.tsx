/** @jsxRuntime classic */
/** @jsx h */
import css from './Rating.css?inline';
import { h, Component, createRef } from './reactive.ts';
import type { Locale } from '../../config/config.ts';
import type { Chat } from '../state/types.ts';
import { MAX_RATING_COMMENT } from '../state/limits.ts';
import type { Strings } from './i18n.ts';
import { adoptStyles } from './lazy.ts';

adoptStyles(css);

/** The rating's own words; here rather than in i18n.ts, so a plain conversation does not load them (DESIGN §8, §5). */
const TEXTS = {
  en: {
    rateChat: 'Rate the chat',
    stars: (n: number) => (n === 1 ? '1 star' : `${n} stars`),
    comment: 'Comment (optional)',
    sendRating: 'Send rating',
    thanks: 'Thank you for your rating',
  },
  sv: {
    rateChat: 'Betygsätt chatten',
    stars: (n: number) => (n === 1 ? '1 stjärna' : `${n} stjärnor`),
    comment: 'Kommentar (valfri)',
    sendRating: 'Skicka betyg',
    thanks: 'Tack för ditt betyg',
  },
} satisfies Record<Locale, unknown>;

interface Props {
  chat: Chat;
  s: Strings;
}

interface State {
  score: number;
  comment: string;
}

const SCORES = [1, 2, 3, 4, 5];

/**
 * "Rate the chat" after end_session (DESIGN §3 `csat`, §5): five toggle buttons of which the chosen one is
 * pressed (the stars up to it look filled), an optional comment, "Send rating"; then "Thank you for your
 * rating", which takes the focus when the customer has just sent (a conversation rated before a reload only
 * shows it). The chat state sends the rating once, through the outbox (DESIGN §4).
 */
export class Rating extends Component<Props, State> {
  override state: State = { score: 0, comment: '' };
  #thanks = createRef<HTMLParagraphElement>();
  #sent = false;

  override componentDidUpdate(): void {
    if (this.#sent) {
      this.#sent = false;
      this.#thanks.current?.focus();
    }
  }

  #handleSend = (e: Event) => {
    e.preventDefault();
    const { score, comment } = this.state;
    if (!score) return;
    this.#sent = true;
    this.props.chat.rate(score, comment.trim());
  };

  override render({ chat, s }: Props, { score, comment }: State) {
    const t = TEXTS[s.locale];
    if (chat.rating.value === 'thanks') {
      return (
        <p class="rating rating-thanks" tabIndex={-1} ref={this.#thanks}>
          {t.thanks}
        </p>
      );
    }
    return (
      <form class="rating" onSubmit={this.#handleSend}>
        <div role="group" aria-labelledby="rating-title" class="rating-stars">
          <p id="rating-title">{t.rateChat}</p>
          {SCORES.map((n) => (
            <button
              type="button"
              key={n}
              class={n <= score ? 'star star-on' : 'star'}
              aria-label={t.stars(n)}
              aria-pressed={n === score ? 'true' : 'false'}
              onClick={() => this.setState({ score: n })}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z" />
              </svg>
            </button>
          ))}
        </div>
        <label for="rating-comment" class="rating-label">
          {t.comment}
        </label>
        <textarea
          id="rating-comment"
          rows={2}
          maxLength={MAX_RATING_COMMENT}
          value={comment}
          onInput={(e) => this.setState({ comment: e.currentTarget.value })}
        />
        <button type="submit" class="primary" disabled={!score}>
          {t.sendRating}
        </button>
      </form>
    );
  }
}
