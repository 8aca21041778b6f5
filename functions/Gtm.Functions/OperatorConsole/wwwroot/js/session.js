// What the key entered in this tab may do: 'admin', 'function', or null before signing in.
// Pages read it to show or disable the LEAD's actions; the API checks the key anyway.
export const session = { level: null };
