import { describe, expect, it } from 'vitest';
import { cacheDir, dataDir } from '../src/dirs.js';

describe('cache and data directories', () => {
  it('follow an explicit option first, then the mlreview variable, then XDG, then the home default', () => {
    const env = { HOME: '/home/ann', XDG_CACHE_HOME: '/x/cache', MLREVIEW_CACHE_DIR: '/m/cache' };
    expect(cacheDir({ explicit: '/opt/c', env })).toBe('/opt/c');
    expect(cacheDir({ env })).toBe('/m/cache');
    expect(cacheDir({ env: { HOME: '/home/ann', XDG_CACHE_HOME: '/x/cache' } })).toBe('/x/cache/mlreview');
    expect(cacheDir({ env: { HOME: '/home/ann' } })).toBe('/home/ann/.cache/mlreview');
    expect(dataDir({ env: { HOME: '/home/ann' } })).toBe('/home/ann/.local/share/mlreview');
    expect(dataDir({ env: { HOME: '/home/ann', XDG_DATA_HOME: '/x/data' } })).toBe('/x/data/mlreview');
    expect(dataDir({ env: { HOME: '/home/ann', MLREVIEW_DATA_DIR: '/m/data' } })).toBe('/m/data');
  });

  it('ignore a relative XDG path, as the XDG spec says', () => {
    expect(cacheDir({ env: { HOME: '/home/ann', XDG_CACHE_HOME: 'rel/cache' } })).toBe('/home/ann/.cache/mlreview');
  });
});
