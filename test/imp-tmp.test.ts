const c0 = process.cpuUsage(); const t0 = Date.now();
await import('./support/app.ts');
const c3 = process.cpuUsage(c0); console.log('support cpu', (c3.user + c3.system) / 1000, 'wall', Date.now() - t0);
