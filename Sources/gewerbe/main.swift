import GewerbeCLI
