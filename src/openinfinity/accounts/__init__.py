"""Account records, below auth: users, workspaces and memberships, and the user look-ups sign-in
needs. The users and workspaces packages (their routes and services) sit above auth."""
