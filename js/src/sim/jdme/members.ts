// What simulated people do to groups by themselves, in the 京ME client (no open API causes
// these): add and remove members, leave, disband. Each change sends the group's robots the
// event the platform sends for it, with the seed's group-event shape (operator, groupId, …).
import { accountOf } from './state.js';
import type { Account, Group, Member, SimState } from './state.js';
import type { TimlineContext } from './timline.js';

/** Pushes a group event to the group's robots (the same function the timline handlers use). */
export type GroupEvent = TimlineContext['groupEvent'];

/** Why a member action was refused (the page and `/__sim/` show it); `undefined` when done. */
export type Refusal = string | undefined;

/** Simulated users acting on groups by themselves (`Simulator.quit`, `disband`, `addMembers`, `removeMember`). */
export interface MemberActions {
  quit(input: { pin: string; groupId: string }): boolean;
  disband(input: { groupId: string; pin?: string }): boolean;
  addMembers(input: { groupId: string; pins: string[]; by?: string }): Refusal;
  removeMember(input: { groupId: string; pin: string; by?: string }): Refusal;
}

export function memberActions(state: SimState, groupEvent: GroupEvent): MemberActions {
  /** The acting member: `by`, or the owner. Undefined when `by` is not a member. */
  function actor(g: Group, by: string | undefined) {
    return g.members.find((m) => m.pin === (by ?? g.owner.pin));
  }

  return {
    quit({ pin, groupId }) {
      const g = state.groups.get(groupId);
      const i = g ? g.members.findIndex((m) => m.pin === pin) : -1;
      // The owner cannot just leave (transfer or disband first).
      if (!g || i < 0 || g.members[i]!.identity === 1) return false;
      groupEvent(g, 'chat_quit', { operator: accountOf(g.members[i]!), groupId });
      g.members.splice(i, 1);
      state.touch();
      return true;
    },

    disband({ groupId, pin }) {
      const g = state.groups.get(groupId);
      if (!g || (pin !== undefined && g.owner.pin !== pin)) return false;
      state.groups.delete(groupId);
      state.touch();
      groupEvent(g, 'chat_disband', { operator: accountOf(g.owner), groupId });
      return true;
    },

    // People become chat_add_member; a configured robot's pin adds that robot, which is
    // robot_enter_group (the seed lists it without a payload: the simulator uses the
    // group-event shape with the robots as `users`, as createGroup does).
    addMembers({ groupId, pins, by }) {
      const g = state.groups.get(groupId);
      if (!g) return 'no such group';
      const who = actor(g, by);
      if (!who) return `${by} is not a member of the group`;
      // 群设置 onlyOwnerAdd: only the owner (and admins) may add.
      if (g.onlyOwnerAdd && who.identity === 3) return 'only the owner and admins may add members to this group';
      // Every pin is resolved before the group changes: a refusal changes nothing.
      const joining: Member[] = [];
      for (const pin of new Set(pins)) {
        if (state.isMember(g, pin)) continue;
        const robot = state.robotByPin(pin);
        const account = robot ? state.robotAccount(robot) : state.user(pin);
        if (!account) return `unknown user ${pin} (not in the simulator's directory, nor a robot's pin)`;
        joining.push({ ...account, name: account.name ?? pin, identity: 3 });
      }
      if (!joining.length) return 'everyone named is already a member';
      g.members.push(...joining);
      const people: Account[] = joining.filter((m) => m.app !== 'robot.dd').map(accountOf);
      const robots: Account[] = joining.filter((m) => m.app === 'robot.dd').map(accountOf);
      const operator = accountOf(who);
      if (people.length) groupEvent(g, 'chat_add_member', { operator, groupId, users: people });
      if (robots.length) groupEvent(g, 'robot_enter_group', { operator, groupId, users: robots });
      state.touch();
      return undefined;
    },

    removeMember({ groupId, pin, by }) {
      const g = state.groups.get(groupId);
      if (!g) return 'no such group';
      const who = actor(g, by);
      if (!who) return `${by} is not a member of the group`;
      if (who.identity === 3) return 'only the owner and admins remove members';
      const i = g.members.findIndex((m) => m.pin === pin);
      if (i < 0) return `${pin} is not a member of the group`;
      if (g.members[i]!.identity === 1) return 'the owner cannot be removed';
      // Sent before the removal: a removed robot, a member when it happened, is told too.
      groupEvent(g, 'chat_remove_member', { operator: accountOf(who), groupId, users: [accountOf(g.members[i]!)] });
      g.members.splice(i, 1);
      state.touch();
      return undefined;
    },
  };
}
