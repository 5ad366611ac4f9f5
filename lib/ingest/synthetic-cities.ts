// Cities for the realistic generator, in the order regions are taken (--regions N takes the
// first N). The first ten already span both hemispheres, east and west, and carry non-ASCII
// names; London and Quito straddle the prime meridian and the equator (sign changes in a city).

export interface City {
  name: string;
  lon: number;
  lat: number;
}

export const WORLD_CITIES: City[] = [
  { name: 'Prague', lon: 14.44, lat: 50.07 },
  { name: 'São Paulo', lon: -46.63, lat: -23.55 },
  { name: 'Sydney', lon: 151.21, lat: -33.87 },
  { name: 'New York', lon: -73.99, lat: 40.73 },
  { name: 'Zürich', lon: 8.54, lat: 47.37 },
  { name: 'Tokyo', lon: 139.69, lat: 35.69 },
  { name: 'Cape Town', lon: 18.42, lat: -33.92 },
  { name: 'London', lon: -0.13, lat: 51.51 },
  { name: 'Buenos Aires', lon: -58.38, lat: -34.6 },
  { name: 'Auckland', lon: 174.76, lat: -36.85 },
  { name: 'Kraków', lon: 19.94, lat: 50.06 },
  { name: 'Mexico City', lon: -99.13, lat: 19.43 },
  { name: 'Quito', lon: -78.47, lat: -0.18 },
  { name: 'Singapore', lon: 103.82, lat: 1.35 },
  { name: 'Turin', lon: 7.68, lat: 45.07 },
  { name: 'Hamburg', lon: 9.99, lat: 53.55 },
  { name: 'Nairobi', lon: 36.82, lat: -1.29 },
  { name: 'Los Angeles', lon: -118.24, lat: 34.05 },
  { name: 'Berlin', lon: 13.4, lat: 52.52 },
  { name: 'Santiago', lon: -70.67, lat: -33.45 },
  { name: 'Seoul', lon: 126.98, lat: 37.57 },
  { name: 'Lisbon', lon: -9.14, lat: 38.72 },
  { name: 'Reykjavík', lon: -21.94, lat: 64.15 },
  { name: 'Mumbai', lon: 72.88, lat: 19.08 },
  { name: 'Montréal', lon: -73.57, lat: 45.5 },
  { name: 'Warsaw', lon: 21.01, lat: 52.23 },
  { name: 'Bogotá', lon: -74.07, lat: 4.71 },
  { name: 'Perth', lon: 115.86, lat: -31.95 },
  { name: 'Vienna', lon: 16.37, lat: 48.21 },
  { name: 'Barcelona', lon: 2.17, lat: 41.39 },
];
