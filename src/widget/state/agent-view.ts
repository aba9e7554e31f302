/**
 * Wire agent -> what the UI shows (DESIGN §4, received `text`): a name, an avatar URL that is safe to put in
 * an <img src>, and whether this is a human (which ends the queue display).
 */
import { httpUrl, isInlineImage, type Agent } from '../../protocol/index.ts';
import type { AgentView } from './types.ts';

/** DESIGN §4: an avatarId becomes a file name, so only word characters and dashes. */
const AVATAR_ID = /^[\w-]{1,64}$/;

/**
 * @param widgetBase URL of the widget folder, ending in `/`, where `avatars/<id>.svg` lives.
 */
export function resolveAgent(agent: Agent | undefined, widgetBase: string): AgentView {
  const id = agent?.id;
  // DESIGN §4: human = type "human", or an id that is neither "bot" nor "system". No id at all is not a person.
  const human = agent?.type === 'human' || (id !== undefined && id !== '' && id !== 'bot' && id !== 'system');
  const view: AgentView = { name: agent?.name ?? '', human };
  // DESIGN §4: an avatarUrl that is not http(s) is absent, like any wrong optional field.
  const fromUrl = httpUrl(agent?.avatarUrl);
  if (fromUrl !== undefined) view.avatarUrl = fromUrl;
  else if (agent?.avatarId !== undefined && AVATAR_ID.test(agent.avatarId)) {
    view.avatarUrl = `${widgetBase}avatars/${agent.avatarId}.svg`;
  }
  return view;
}

/** The URL of an image sent by an agent: the images endpoint for an imageId, else a checked inline image. */
export function agentImageUrl(imageId: string | undefined, inline: string | undefined, imagesUrl: string): string | undefined {
  if (imageId !== undefined && imageId !== '') return imageEndpoint(imagesUrl, imageId);
  // seed 000 inline images: only raster types, only base64, so no SVG with script can get in.
  if (isInlineImage(inline)) return inline;
  return undefined;
}

/** DESIGN §4: `<imagesUrl>/images/<imageId>`. */
export function imageEndpoint(imagesUrl: string, imageId: string): string {
  return `${imagesUrl.replace(/\/+$/, '')}/images/${encodeURIComponent(imageId)}`;
}
