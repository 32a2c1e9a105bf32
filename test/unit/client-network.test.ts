import { describe, expect, it } from 'vitest';
import { clientNetworkOf } from '../../worker/auth/client-network.ts';

describe('the client a request counts against', () => {
  it('is an IPv6 address\'s /64, however the address is written', () => {
    const network = '2001:db8:1:2::/64';
    for (const address of ['2001:db8:1:2::1', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:0DB8:0001:0002:0:0:0:ABCD', '2001:db8:1:2:0:0:1.2.3.4']) {
      expect(clientNetworkOf(address), address).toBe(network);
    }
    expect(clientNetworkOf('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientNetworkOf('::1')).toBe('0:0:0:0::/64');
    expect(clientNetworkOf('fe80::')).toBe('fe80:0:0:0::/64');
  });

  it('is an IPv4 address itself, also when written as an IPv4-mapped IPv6 address', () => {
    expect(clientNetworkOf('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetworkOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetworkOf('::ffff:cb00:7107')).toBe('203.0.113.7');
  });

  it('leaves anything that is not an address as it came', () => {
    for (const odd of ['unknown', '1:2:3', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1', '1:2:3:4:5:6:7::8']) {
      expect(clientNetworkOf(odd), odd).toBe(odd);
    }
  });
});
