// Placeholder entry point; the CLI is built in issues #5 and #6.
return 0;
