// The simulators' inspection pages, real files bundled as text (scripts/build.mjs):
// - jdme.html + jdme.page.js: conversations as a chat shows them (texts; cards drawn as cards by
//   card.page.js), speaking as a user, clicking cards, adding and removing group members, pushing
//   any event type, and the wire (deliveries, the bot's API calls, interceptions) with filters;
// - yjiyun.html + yjiyun.page.js: chats as the robot sees them, writing into a chat as its
//   customer / a group member, and the wire: socket frames, REST requests, tag operations;
// - common.page.js: helpers both pages use; sim.css: the one stylesheet of both.
// Each page polls /__sim/version and re-renders on change; no external assets.
import jdme from './jdme.html';
import yjiyun from './yjiyun.html';
import css from './sim.css';
import common from './common.page.js';
import card from './card.page.js';
import jdmeScript from './jdme.page.js';
import yjiyunScript from './yjiyun.page.js';

// The files link their sheet and scripts so that they also open from disk next to each other;
// served, those are inlined so that a page is one self-contained response (no other routes).
const FILES: Record<string, string> = { 'common.page.js': common, 'card.page.js': card, 'jdme.page.js': jdmeScript, 'yjiyun.page.js': yjiyunScript };

function inline(html: string): string {
  return html
    .replace('<link rel="stylesheet" href="sim.css">', () => `<style>\n${css}</style>`)
    .replace(/<script src="([\w.-]+)"><\/script>/g, (tag, name: string) => {
      const text = FILES[name];
      if (text === undefined) throw new Error(`sim page: no script ${name}`);
      // A script's text may not close its own element early.
      return `<script>\n${text.replace(/<\/script/gi, '<\\/script')}</script>`;
    });
}

export const JDME_PAGE_HTML: string = inline(jdme);
export const YJIYUN_PAGE_HTML: string = inline(yjiyun);
