// The REST API's clients (API_KEYS); none = the API refuses everyone.
import { parseApiKeys, type ApiKey } from '../api/api-keys.js';
import { defineSection, optionalText } from './section.js';

export const apiSection = defineSection<{ apiKeys: ApiKey[] }>({
  name: 'api',
  shape: { API_KEYS: optionalText },
  read(env, problems) {
    const keys = parseApiKeys(env.API_KEYS);
    if (!keys.ok) {
      problems.push(...keys.problems);
      return { apiKeys: [] };
    }
    return { apiKeys: keys.keys };
  },
});
