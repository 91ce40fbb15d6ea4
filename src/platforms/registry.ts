// Every chat platform Rapport knows, in the order they are asked (public platforms before the
// loopback-only sandbox). Adding a platform = its folder under src/platforms/ plus one line here.
import type { PlatformModule } from '../chat/platform.js';
import { sandboxPlatform } from './sandbox/module.js';
import { slackPlatform } from './slack/module.js';

export const PLATFORMS: readonly PlatformModule[] = [slackPlatform, sandboxPlatform];
