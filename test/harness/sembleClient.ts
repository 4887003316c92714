import { GraphQLClient } from 'graphql-request';

/**
 * Semble (the sandbox) as another app in the clinic reaches it: its GraphQL API with an API
 * token. Tests use it to change data behind the nodes' back; it throws on any GraphQL error.
 * Shipped code never uses it: the nodes go through n8n's authenticated HTTP helper.
 */
export const sembleClient = (url: string, token: string) => new GraphQLClient(url, { headers: { 'x-token': token } });
