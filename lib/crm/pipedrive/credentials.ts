// What a call to Pipedrive's API needs: the web session (cookies of `<company>.pipedrive.com`) and/or a personal API token.

export interface PipedriveCredentials {
  crm: 'pipedrive';
  /** Company subdomain: `acme` for acme.pipedrive.com. */
  company: string;
  /** Try the signed-in web session first (cookies, `credentials: 'include'`). */
  useSession: boolean;
  /** Personal API token (x-api-token header); used when there is no session or it is refused. */
  token?: string;
}
