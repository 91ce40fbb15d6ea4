import { describe, expect, it } from 'vitest';
import { accountRefusal, newcomerRefusal, sameOrganisation, type StaffCheck, type Workspace } from '../../../src/domain/staff.js';
import { accountKind } from '../../../src/platforms/slack/directory.js';

const OURS = { id: 'T0OURS', enterpriseId: 'E0OURS' };
const member = (workspace: Workspace = OURS): StaffCheck => ({ facts: { kind: 'member', workspace }, home: OURS });

describe('the staff policy', () => {
  it('lets in full members of our workspace, or of another workspace of our organisation', () => {
    expect(accountRefusal(member())).toBeNull();
    expect(accountRefusal(member({ id: 'T0SISTER', enterpriseId: 'E0OURS' }))).toBeNull();
    expect(sameOrganisation({ id: 'T1' }, { id: 'T2' })).toBe(false);
  });

  it('refuses guests, bots and people of other organisations (Slack Connect)', () => {
    expect(accountRefusal({ facts: { kind: 'guest', workspace: OURS }, home: OURS })).toBe('guest');
    expect(accountRefusal({ facts: { kind: 'bot', workspace: OURS }, home: OURS })).toBe('bot');
    expect(accountRefusal({ facts: { kind: 'external' }, home: OURS })).toBe('external');
    expect(accountRefusal(member({ id: 'T0CUSTOMER' }))).toBe('external');
    expect(accountRefusal(member({ id: 'T0CUSTOMER', enterpriseId: 'E0THEIRS' }))).toBe('external');
  });

  it('refuses when the platform could not say who they are or which workspace is ours', () => {
    expect(accountRefusal({ facts: null, home: OURS })).toBe('unverified');
    expect(accountRefusal({ facts: { kind: 'member', workspace: OURS }, home: null })).toBe('unverified');
    expect(accountRefusal({ facts: { kind: 'member' }, home: OURS })).toBe('unverified');
  });

  it('STAFF_POLICY: members start as reps; invited lets in only those given a role, and never a guest', () => {
    expect(newcomerRefusal(member(), 'members', false)).toBeNull();
    expect(newcomerRefusal(member(), 'invited', false)).toBe('not_invited');
    expect(newcomerRefusal(member(), 'invited', true)).toBeNull();
    expect(newcomerRefusal({ facts: { kind: 'guest', workspace: OURS }, home: OURS }, 'invited', true)).toBe('guest');
  });
});

describe('Slack accounts (users.info)', () => {
  it('tells bots, app users, Slackbot, guests and strangers from full members', () => {
    expect(accountKind({ id: 'U1' })).toBe('member');
    expect(accountKind({ id: 'U1', is_bot: true })).toBe('bot');
    expect(accountKind({ id: 'U1', is_app_user: true })).toBe('bot');
    expect(accountKind({ id: 'USLACKBOT' })).toBe('bot');
    expect(accountKind({ id: 'U1', is_restricted: true })).toBe('guest');
    expect(accountKind({ id: 'U1', is_ultra_restricted: true })).toBe('guest');
    expect(accountKind({ id: 'U1', is_stranger: true })).toBe('external');
  });
});
