import type { FastifyRequest } from 'fastify';
import maxmind, { type CountryResponse, type Reader } from 'maxmind';
import { ConfigError, type Config } from '../platform/config.ts';

/** Pure: a country code from a trusted CDN header, or null (absent, unknown "XX", Tor "T1"). */
export function countryFrom(value: string | string[] | undefined): string | null {
  const code = (Array.isArray(value) ? value[0] : value)?.trim().toUpperCase() ?? '';
  return /^[A-Z]{2}$/.test(code) && code !== 'XX' && code !== 'ZZ' ? code : null;
}

/**
 * The reader's country: from the CDN header the operator named (COUNTRY_HEADER), else from the
 * MaxMind database they supplied (GEOIP_DB) by the reader's address, else unknown.
 */
export async function countryResolver(config: Pick<Config, 'countryHeader' | 'geoipDb'>): Promise<(request: FastifyRequest) => string | null> {
  let reader: Reader<CountryResponse> | null = null;
  if (config.geoipDb) {
    try {
      reader = await maxmind.open<CountryResponse>(config.geoipDb, { watchForUpdates: false });
    } catch (error) {
      // Starting anyway would ask every reader as if from nowhere: the start stops, saying why.
      throw new ConfigError('GEOIP_DB', `cannot be opened as a MaxMind database (${config.geoipDb}): ${(error as Error).message}`);
    }
  }
  return (request) => {
    const fromHeader = config.countryHeader ? countryFrom(request.headers[config.countryHeader]) : null;
    if (fromHeader || !reader) return fromHeader;
    try {
      return countryFrom(reader.get(request.ip)?.country?.iso_code);
    } catch {
      return null; // an address the database cannot hold (IPv6 in an IPv4 database)
    }
  };
}
