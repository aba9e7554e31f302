/** The chat state's own sentences in Swedish (texts.ts says what each is and when these load). */
import type { StateTexts } from './texts.ts';

export const SV_STATE_TEXTS: StateTexts = {
  clientLeft: 'Kunden har stängt chatten.',
  sessionEnded: 'Chatten har avslutats.',
  platformClosed: 'Chatten är stängd just nu. Försök igen senare.',
  agentDone: 'Agenten har lämnat chatten. Skriv ett nytt meddelande om du behöver mer hjälp.',
  earlierNotShown: 'Tidigare meddelanden visas inte',
  joined: (name) => `${name || 'En handläggare'} anslöt till chatten`,
};
