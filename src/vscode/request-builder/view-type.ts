/** The request builder panel's view type, as package.json's activation event names it. */
export const VIEW_TYPE = 'openaiConnector.requestBuilder';
