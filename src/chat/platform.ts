// What a chat platform plugs into the app: a module the registry (src/platforms/registry.ts) lists.
// Adding a platform = a folder under src/platforms/ with one PlatformModule, plus one line there.
// The app owns the HTTP server: an adapter only mounts its routes on the express app it is given,
// and starts or stops what is its own (a WebSocket, timers), never a listening socket.
import type { Application } from 'express';
import type { Config } from '../config/env.js';
import type { Domain } from '../domain/index.js';
import type { Clock, Stores } from '../domain/ports.js';
import type { Logger } from '../logging.js';
import type { Database } from '../store/database.js';
import type { Bot, PlatformDirectory, PlatformMessenger } from './bot-types.js';

/** What every adapter may use; created by the app before any adapter. */
export interface PlatformDeps {
  config: Config;
  logger: Logger;
  database: Database;
  stores: Stores;
  domain: Domain;
  bot: Bot;
  /** The app's clock (the sandbox's simulated time when it supplied one). */
  clock: Clock;
  /** What this platform's own clock() hook returned, if it has one. */
  ownClock: Clock | null;
  /** Runs the scheduled jobs whose times fell between `from` and `to` (a simulated clock moved). */
  runJobsSkipped(from: Date, to: Date): Promise<unknown>;
  /** Aborted when the app stops: long-held requests answer at once. */
  shutdown: AbortSignal;
  /** The other platforms this deployment runs. */
  otherPlatforms: readonly string[];
  /** Whether a platform without real users may fill an empty database with the demo company. */
  seedDemo: boolean;
  /** Test hooks for this platform (RapportOptions.platformOptions[name]); the module defines their shape. */
  tuning: unknown;
}

/** One running adapter of a platform. */
export interface PlatformAdapter {
  /** Sends what is not a direct reply (reminders, digests, poll posts) on this platform. */
  messenger?: PlatformMessenger;
  /** Tells who this platform's users are (profile, workspace). */
  directory?: PlatformDirectory;
  /** Where managers' posts go on this platform when MANAGERS_CHANNEL is unset (the sandbox has one). */
  defaultManagersChannel?: string;
  /** Adds this platform's routes to the app's one express server (no app-wide body parser). */
  mount(web: Application): void;
  /** Starts what is the adapter's own (token check, WebSocket, demo data); called before the server listens. */
  start?(): Promise<void>;
  /** One line for the operator once the server listens: where to reach this platform (main.ts prints it). */
  announce?(at: { host: string; port: number }): string;
  /** Stops it; called after the server has closed, so no request is still arriving. */
  stop?(): Promise<void>;
}

export interface ActivationContext {
  /** Names of the public platforms that are configured (given to loopback-only modules; empty for the others). */
  otherPlatforms: readonly string[];
}

export interface PlatformModule {
  /** The Speaker.platform of its users, e.g. 'slack'. */
  name: string;
  /** Whether this deployment runs it (its configuration section is complete). */
  configured(config: Config, context: ActivationContext): boolean;
  /**
   * Answers only on this machine (the sandbox): it alone never opens the server to the network.
   * Modules without it need the public HOST.
   */
  loopbackOnly?: boolean;
  /** A clock of the platform's own for the whole app (the sandbox's simulated time); asked before any store exists. */
  clock?(database: Database, config: Config): Promise<Clock>;
  create(deps: PlatformDeps): PlatformAdapter | Promise<PlatformAdapter>;
}

/**
 * The configured modules: public ones in registry order, then loopback-only ones. Public platforms decide from the configuration alone;
 * loopback-only ones (the sandbox's SANDBOX=auto) then see which public platforms are on.
 */
export function activePlatforms(modules: readonly PlatformModule[], config: Config): PlatformModule[] {
  const publicOn = modules.filter((m) => !m.loopbackOnly && m.configured(config, { otherPlatforms: [] }));
  const otherPlatforms = publicOn.map((m) => m.name);
  return [...publicOn, ...modules.filter((m) => m.loopbackOnly === true && m.configured(config, { otherPlatforms }))];
}
