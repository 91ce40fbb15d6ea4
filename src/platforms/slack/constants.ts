// Names shared by the code and manifest.json (a unit test keeps them in step).
export const CRM_COMMAND = '/crm';
export const LOG_AS_CONTACT_CALLBACK_ID = 'log_as_contact';
/** Commands, interactivity, options and events all arrive at this one URL. */
export const SLACK_EVENTS_PATH = '/slack/events';
