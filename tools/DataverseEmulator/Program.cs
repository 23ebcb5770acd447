// Placeholder; the emulator is built in its issue.
return 0;
