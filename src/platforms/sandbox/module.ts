// The sandbox as a platform module: on with SANDBOX=1, or with SANDBOX=auto (the default) when no
// public chat platform is configured. It answers only on this machine (see routes.ts).
import type { PlatformModule } from '../../chat/platform.js';
import { seedDemo } from '../../seed/demo.js';
import { createSandboxPeople, createSandboxStore } from '../../store/sandbox-store.js';
import { createSandboxMessenger, MANAGERS_CHANNEL, SANDBOX_PLATFORM, SandboxClock } from './adapter.js';
import { createSandboxDirectory } from './directory.js';
import { createSandboxRouter } from './routes.js';

export const sandboxPlatform: PlatformModule = {
  name: SANDBOX_PLATFORM,
  loopbackOnly: true,
  // `auto` gives way to a public platform; SANDBOX=1 serves beside it.
  configured: (config, { otherPlatforms }) => config.sandbox.enabled && (otherPlatforms.length === 0 || config.sandbox.requested === true),
  // Simulated time for the whole app: the offset is kept in the database, read before anything is stamped.
  async clock(database) {
    const clock = new SandboxClock();
    await clock.attach(createSandboxStore(database.prisma, clock));
    return clock;
  },
  create(deps) {
    const { config, database, domain, stores, clock, logger } = deps;
    // Messages are stamped with the app's clock, read when each is written.
    const store = createSandboxStore(database.prisma, { now: (): Date => clock.now() });
    return {
      messenger: createSandboxMessenger(store),
      directory: createSandboxDirectory(),
      defaultManagersChannel: MANAGERS_CHANNEL,
      mount(web) {
        web.use(
          createSandboxRouter({
            bot: deps.bot,
            store,
            clock: deps.ownClock instanceof SandboxClock ? deps.ownClock : new SandboxClock(),
            people: createSandboxPeople(database.prisma),
            logger,
            defaults: { locale: config.defaultLocale, timezone: config.defaultTimezone },
            shutdown: deps.shutdown,
            // Moving the clock runs what the scheduler would have run in the skipped time.
            tick: (from, to) => deps.runJobsSkipped(from, to),
          }),
        );
      },
      announce: ({ host, port }) =>
        `Rapport sandbox: http://${host === '127.0.0.1' || host === 'localhost' ? 'localhost' : host}:${port}  (answers only on this machine; pick who you are and type /crm help)`,
      async start() {
        // First start on an empty database, with no real platform beside it: a demo company to try it with.
        if (!deps.seedDemo || deps.otherPlatforms.length > 0) return;
        const seeded = await seedDemo({ domain, stores, clock, platform: SANDBOX_PLATFORM });
        if (seeded) logger.info({ customers: seeded.customers, orders: seeded.orders, users: seeded.users }, 'sandbox: demo company seeded');
      },
    };
  },
};
