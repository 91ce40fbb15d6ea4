// `/crm link …` and `/crm settings notify …`: the person's platform accounts. Parse → domain → reply.
import { LINK_CODE_TTL_MS, type LinkOutcome } from '../domain/account-links.js';
import { notifyAccountOf } from '../domain/accounts.js';
import type { User } from '../domain/types.js';
import { isMessageKey } from '../i18n/catalog.js';
import type { Outcome } from './bot-types.js';
import type { ChatContext } from './context.js';
import { personName } from './format.js';
import type { AccountCommand } from './grammar-accounts.js';
import { ACTIONS } from './ids.js';
import { literal } from './markup.js';
import { resolveMention } from './mentions.js';
import { block, button, privateReply } from './reply.js';

const done = (text: string): Outcome => ({ reply: privateReply(`✅ ${text}`) });

export function platformName(ctx: ChatContext, platform: string): string {
  const key = `platform.${platform}`;
  return isMessageKey(key) ? ctx.t(key) : literal(platform);
}

export async function runAccountCommand(ctx: ChatContext, command: AccountCommand): Promise<Outcome> {
  const { actor, domain, speaker } = ctx;
  switch (command.kind) {
    case 'link.show':
      return showAccounts(ctx, actor);
    case 'link.redeem': {
      const outcome = await domain.links.redeem(actor, speaker, command.code);
      return done(ctx.t('link.linked', { platform: platformName(ctx, outcome.account.platform), id: literal(outcome.account.externalId) }));
    }
    case 'link.remove': {
      await domain.links.unlink(actor, command.platform);
      return done(ctx.t('link.removed', { platform: platformName(ctx, command.platform) }));
    }
    case 'link.admin': {
      const person = await resolveMention(ctx, command.user, { mustExist: true });
      return adminLinkReply(ctx, await domain.links.adminLink(actor, person, command.account, command.merge), command);
    }
    case 'settings.notify': {
      await domain.links.setNotifyPlatform(actor, command.platform);
      return done(command.platform ? ctx.t('notify.set', { platform: platformName(ctx, command.platform) }) : ctx.t('notify.auto'));
    }
  }
}

/** `/crm link`: the person's accounts, and a fresh code to link one more. */
async function showAccounts(ctx: ChatContext, person: User): Promise<Outcome> {
  const target = notifyAccountOf(person);
  const lines = person.accounts.map((a) =>
    ctx.t(a === target ? 'link.account_notify' : 'link.account_line', { platform: platformName(ctx, a.platform), id: literal(a.externalId) }),
  );
  const { code } = await ctx.domain.links.issueCode(person, ctx.speaker);
  const hint = ctx.t('link.code', { code, minutes: LINK_CODE_TTL_MS / 60_000 });
  const title = `**${ctx.t('link.accounts_title')}**`;
  return { reply: { visibility: 'private', text: [title, ...lines, hint].join('\n'), blocks: [block.section([title, ...lines].join('\n')), block.section(hint)] } };
}

function adminLinkReply(ctx: ChatContext, outcome: LinkOutcome, command: Extract<AccountCommand, { kind: 'link.admin' }>): Outcome {
  const params = { platform: platformName(ctx, outcome.account.platform), id: literal(outcome.account.externalId), user: personName(outcome.person) };
  if (outcome.kind === 'linked') return done(ctx.t(command.merge ? 'link.merged' : 'link.admin_linked', params));
  // Both own data: nothing changed; the button runs the same command with `merge`.
  const text = `⚠️ ${ctx.t('link.merge_needed', { ...params, other: personName(outcome.other) })}`;
  const merge = `link <@${command.user.id}> ${command.account.platform}:${command.account.externalId} merge`;
  return {
    reply: {
      visibility: 'private',
      text,
      blocks: [block.section(text), block.actions(button(ACTIONS.runCommand, ctx.t('link.merge_button', { user: personName(outcome.person) }), merge, 'danger'))],
    },
  };
}
