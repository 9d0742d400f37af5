// The simulators' inspection pages, real files bundled as text (scripts/build.mjs):
// - jdme.html: conversations as a chat shows them (texts, cards with their current data and
//   toasts), a box to speak in the open conversation as one of its users, a click button on
//   each card, interceptions, and event deliveries with every retry;
// - yjiyun.html: chats as the robot sees them, a box to write into the selected chat as its
//   customer / a group member, and the wire: socket frames, REST requests, tag operations;
// - sim.css: the one stylesheet of both.
// Each page polls /__sim/version and re-renders on change; no external assets.
import jdme from './jdme.html';
import yjiyun from './yjiyun.html';
import css from './sim.css';

// The files link sim.css so that they also open styled straight from disk; served, the sheet
// is inlined so that a page is one self-contained response (no second route in either server).
const LINK = '<link rel="stylesheet" href="sim.css">';
const inlineStyles = (html: string): string => html.replace(LINK, () => `<style>\n${css}</style>`);

export const JDME_PAGE_HTML: string = inlineStyles(jdme);
export const YJIYUN_PAGE_HTML: string = inlineStyles(yjiyun);
